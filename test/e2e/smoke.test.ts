import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, switchLanguage, type BrowserHarness } from './harness';

describe('web app in Chromium: sign-in and administration', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 300_000);
  afterAll(() => h?.close());

  it("serves React's production build, though built under vitest's NODE_ENV", async () => {
    expect(process.env.NODE_ENV).toBe('test');
    const html = await (await fetch(`${h.baseUrl}/`)).text();
    const scripts = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const js = await (await fetch(`${h.baseUrl}${src}`)).text();
      // JSX compiled for development calls jsxDEV with each element's source location.
      expect(js).not.toContain('jsxDEV');
    }
  });

  it('shows the login page in ko, en and zh, and signs the administrator in to administration', async () => {
    const page = await h.newPage();
    await page.goto(`${h.baseUrl}/`);
    await page.locator('input[name=username]').waitFor();
    for (const lang of ['ko', 'en', 'zh'] as const) {
      await switchLanguage(page, lang);
      await h.screenshot(page, `${lang}-login`);
    }
    await expect(page.locator('button[type=submit]').textContent()).resolves.toBe('登录');
    await switchLanguage(page, 'ko');
    await h.signIn(page, 'admin');
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.getByTestId('user-table').locator('tbody tr').first().waitFor();
    await page.getByTestId('audit-verify').click();
    await expect(page.getByTestId('audit-result').textContent()).resolves.toContain('온전');
    for (const lang of ['ko', 'en', 'zh'] as const) {
      await switchLanguage(page, lang);
      await h.screenshot(page, `${lang}-admin`);
    }
    expect(h.outsideRequests).toEqual([]);
    expect(h.pageProblems).toEqual([]);
  });
});
