/**
 * The documenter's day in a real browser: record a full testimony in Korean through the intake
 * flow, find it again by a romanised name, see its route on the map and its counts on the
 * dashboard; then an analyst sees the same data without any name. Screenshots of every main
 * screen in Korean, English and Chinese go to artefacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/server/schemas';
import { CANARY, testimony } from '../../src/server/testing/testimony';
import { startBrowserHarness, switchLanguage, type BrowserHarness } from './harness';

const LANGS = ['ko', 'en', 'zh'] as const;
const FULL_NAME = `${CANARY.familyName} ${CANARY.givenName}`;

/** Picks a place in the place picker labelled `label` (inside `scope`) by typing `text`. */
async function pickPlace(scope: ReturnType<Page['locator']>, testId: string, text: string) {
  const input = scope.getByTestId(testId).first();
  await input.click();
  await input.fill(text);
  const option = scope.locator('[role=listbox] [role=option]').first();
  await option.waitFor();
  await input.press('ArrowDown');
  await input.press('ArrowUp');
  await input.press('Enter');
}

async function addEvent(
  page: Page,
  type: string,
  date: string,
  place: string,
): Promise<ReturnType<Page['locator']>> {
  await page.getByTestId(`add-${type}`).click();
  const card = page.getByTestId('event-card').last();
  await card.locator('input[name=eventDate]').fill(date);
  await pickPlace(card, 'event-place', place);
  return card;
}

async function provinceCount(h: BrowserHarness, page: Page, province: string): Promise<number> {
  const d = (await page.evaluate(async () => {
    const r = await fetch('/api/stats/dashboard');
    return r.json();
  })) as Dashboard;
  void h;
  return d.byProvince.find((r) => r.province === province)?.count ?? 0;
}

describe('testimony intake to dashboard, in Chromium', () => {
  let h: BrowserHarness;
  let page: Page;
  let caseUrl = '';

  beforeAll(async () => {
    h = await startBrowserHarness();
    // Earlier testimonies of the organisation, so that dashboard cells pass the small-cell rule.
    const doc = await h.fx.loginAs('documenter-org-a');
    void doc;
    page = await h.newPage();
    await h.signIn(page, 'documenter-org-a');
    const names = ['이', '박', '최', '정', '강', '조', '윤', '장'];
    for (let i = 0; i < names.length; i++) {
      const t = testimony(`seed-${i}`, { urgent: i === 0 });
      t.person.names = { familyName: names[i], givenName: '영희' };
      const status = await page.evaluate(async (body) => {
        const csrf = /jayu_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
        const r = await fetch('/api/cases', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
          body: JSON.stringify(body),
        });
        return r.status;
      }, t);
      expect(status).toBe(201);
    }
  }, 300_000);
  afterAll(() => h?.close());

  it('records a full testimony in Korean through the one-flow intake', async () => {
    const before = await provinceCount(h, page, 'cn-jl');
    expect(before).toBe(8);
    await page.goto(`${h.baseUrl}/cases/new`);
    await page.locator('input[name=familyName]').fill(CANARY.familyName);
    await page.locator('input[name=givenName]').fill(CANARY.givenName);
    await page.locator('input[name=otherNames]').fill(CANARY.otherName);
    await page.locator('input[name=birthYear]').fill('1996');
    await pickPlace(page.locator('.intake'), 'home-province', '함경북도');
    await pickPlace(page.locator('.intake'), 'home-county', '무산');

    await addEvent(page, 'BorderCrossing', '2018-03', '무산');
    const sale1 = await addEvent(page, 'Sale', '2018-03-20', '화룡');
    await sale1.locator('input[name=salePrice]').fill('5000');
    await sale1
      .locator('input[aria-label]')
      .filter({ hasNot: page.locator('[name]') })
      .first()
      .fill(CANARY.perpetrator);
    const sale2 = await addEvent(page, 'Sale', '2018-05', '헤이룽장');
    await sale2.locator('input[name=salePrice]').fill('20000');
    await addEvent(page, 'Exploitation', '2018', '헤이룽장');
    await addEvent(page, 'Escape', '2021', '헤이룽장');
    await addEvent(page, 'ArrestPRC', '2021-09', '연길');
    await addEvent(page, 'DetentionPRC', '2021-09', '도문');
    // The draft is saved as she types.
    await expect
      .poll(async () => page.getByTestId('save-state').textContent(), { timeout: 20_000 })
      .toMatch(/임시 저장됨/);

    for (const purpose of ['case_management', 'legal_proceedings', 'aggregate_statistics']) {
      await page.locator(`input[name=consent-${purpose}]`).check();
    }
    await page.getByRole('button', { name: '+ 조치 추가' }).click();
    await page.locator('.intervention input[type=date]').fill('2025-04-30');

    for (const lang of LANGS) {
      await switchLanguage(page, lang);
      await h.screenshot(page, `${lang}-intake`);
    }
    await switchLanguage(page, 'ko');

    await page.getByTestId('submit-urgent').click();
    await page.getByTestId('case-title').waitFor();
    caseUrl = page.url();
    expect(await page.getByTestId('case-title').textContent()).toBe(FULL_NAME);
    await expect(page.getByTestId('timeline').locator(':scope > li').count()).resolves.toBe(7);
    const sales = await page.getByTestId('sale-chain').textContent();
    expect(sales).toContain('5,000 CNY');
    expect(sales).toContain('20,000 CNY');
    expect(sales).toContain(CANARY.perpetrator);
    // The route on the offline map: one marker per placed event.
    await page.locator('[data-testid=route-map][data-ready=true]').waitFor();
    await expect(
      page.locator('[data-testid=route-map] path.leaflet-interactive').count(),
    ).resolves.toBeGreaterThan(20);
    await expect(page.getByTestId('route-map').getAttribute('data-route-points')).resolves.toBe(
      '7',
    );
    await expect(page.getByTestId('matrix-block').count()).resolves.toBeGreaterThan(0);
    for (const lang of LANGS) {
      await switchLanguage(page, lang);
      await page.locator('[data-testid=route-map][data-ready=true]').waitFor();
      await h.screenshot(page, `${lang}-case`);
    }
    await switchLanguage(page, 'ko');
    expect(await provinceCount(h, page, 'cn-jl')).toBe(before + 1);
  });

  it('finds the Hangul record by a romanised name', async () => {
    await page.goto(`${h.baseUrl}/cases`);
    await page.locator('#case-q').fill('Kim Sun-hee');
    await page.locator('#case-q').press('Enter');
    await expect.poll(async () => page.getByTestId('result-count').textContent()).toMatch(/1건/);
    const row = page.getByTestId('case-row').first();
    expect(await row.locator('a').textContent()).toBe(FULL_NAME);
    await page.locator('#case-q').fill('');
    await page.locator('#case-q').press('Enter');
    await expect.poll(async () => page.getByTestId('case-row').count()).toBe(9);
    for (const lang of LANGS) {
      await switchLanguage(page, lang);
      await h.screenshot(page, `${lang}-cases`);
    }
    await switchLanguage(page, 'ko');
    await row.locator('a').click();
    await page.getByTestId('case-title').waitFor();
  });

  it('shows the case on the urgent screen and on the dashboard map', async () => {
    await page.goto(`${h.baseUrl}/urgent`);
    await page.getByTestId('urgent-card').first().waitFor();
    const urgentText = await page.locator('.urgent-list').textContent();
    expect(urgentText).toContain(FULL_NAME);
    for (const lang of LANGS) {
      await switchLanguage(page, lang);
      await h.screenshot(page, `${lang}-urgent`);
    }
    await switchLanguage(page, 'ko');
    await page.goto(`${h.baseUrl}/dashboard`);
    await page.locator('[data-testid=dashboard-map][data-ready=true]').waitFor();
    await page.locator('[data-testid=chart-violations][data-ready=true]').waitFor();
    const table = await page.getByTestId('province-table').textContent();
    expect(table).toMatch(/지린성\s*9/);
    for (const lang of LANGS) {
      await switchLanguage(page, lang);
      await page.locator('[data-testid=dashboard-map][data-ready=true]').waitFor();
      await page.waitForTimeout(300);
      await h.screenshot(page, `${lang}-dashboard`);
    }
    await switchLanguage(page, 'ko');
  });

  it('shows an analyst the same data without any name', async () => {
    await h.signOut(page);
    await h.signIn(page, 'analyst-org-a');
    await page.goto(`${h.baseUrl}/cases`);
    await expect.poll(async () => page.getByTestId('case-row').count()).toBe(9);
    const list = (await page.locator('main').textContent()) ?? '';
    expect(list).not.toContain(CANARY.givenName);
    expect(list).not.toContain('영희');
    await page.goto(caseUrl);
    await page.getByTestId('deidentified').waitFor();
    const view = (await page.locator('main').textContent()) ?? '';
    for (const secret of [CANARY.givenName, CANARY.otherName, CANARY.perpetrator, '2018-03-20']) {
      expect(view).not.toContain(secret);
    }
    expect(await page.getByTestId('case-title').textContent()).toMatch(/^당사자 /);
    await h.screenshot(page, 'debug-analyst');
    for (const lang of LANGS) {
      await switchLanguage(page, lang);
      await h.screenshot(page, `${lang}-case-analyst`);
    }
  });

  it('stayed offline and within the Content-Security-Policy throughout', () => {
    console.log('PROBLEMS', h.pageProblems);
    expect(h.outsideRequests).toEqual([]);
    expect(h.pageProblems).toEqual([]);
  });
});
