/**
 * Browser test harness: the built web app served by a real Jayu server on a real protected store,
 * driven by the Debian Chromium through playwright-core (never a downloaded browser). Every
 * request to another origin is blocked and recorded, and so is every Content-Security-Policy
 * violation or page error, so a test can assert the app is fully offline and CSP-clean.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildWebApp, webBuildIsStale } from '../../src/cli/commands/serve';
import { totpCode } from '../../src/protect/credentials';
import { protectedFixture, type ProtectedFixture } from '../../src/protect/testing';
import { buildServer } from '../../src/server/app';
import { openStore } from '../../src/store';
import { MEMORY } from '../../src/store/pglite';
import type { FastifyInstance } from 'fastify';

export const CHROMIUM = process.env.JAYU_CHROMIUM ?? '/usr/bin/chromium';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = path.join(repoRoot, 'artefacts', 'screenshots');

export interface BrowserHarness {
  fx: ProtectedFixture;
  app: FastifyInstance;
  baseUrl: string;
  context: BrowserContext;
  /** Requests the page tried to make to any other origin (all blocked). */
  outsideRequests: string[];
  /** CSP violations, uncaught page errors and console errors. */
  pageProblems: string[];
  newPage(): Promise<Page>;
  /** Signs a fixture user in through the login form of `page`. */
  signIn(page: Page, username: string): Promise<void>;
  signOut(page: Page): Promise<void>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** Builds the web app once even when several test files start at the same time. */
async function ensureWebBuilt(): Promise<void> {
  const lock = path.join(repoRoot, 'web', '.build-lock');
  for (let waited = 0; webBuildIsStale(); waited += 500) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 300_000) throw new Error(`web build lock ${lock} held for 5 minutes`);
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (webBuildIsStale()) await buildWebApp();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export async function startBrowserHarness(): Promise<BrowserHarness> {
  await ensureWebBuilt();
  const fx = await protectedFixture(await openStore({ data: MEMORY }));
  const app = await buildServer({
    protect: fx.store,
    options: { rateLimitPerMinute: false, logLevel: false },
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = address.replace('localhost', '127.0.0.1');
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'jayu-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1366, height: 900 },
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
  });
  const outsideRequests: string[] = [];
  const pageProblems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl) || url.startsWith('data:')) return route.continue();
    outsideRequests.push(url);
    return route.abort();
  });
  mkdirSync(SCREENSHOTS, { recursive: true });

  const newPage = async () => {
    const page = await context.newPage();
    page.on('pageerror', (err) => pageProblems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      const text = msg.text();
      if (/Content Security Policy|Refused to/i.test(text)) pageProblems.push(`csp: ${text}`);
      else if (msg.type() === 'error' && !/status of 40[13]/.test(text)) {
        pageProblems.push(`console: ${text}`);
      }
    });
    return page;
  };

  const signIn = async (page: Page, username: string) => {
    const u = fx.users[username];
    if (!u) throw new Error(`no fixture user ${username}`);
    await page.goto(`${baseUrl}/login`);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(u.password);
    fx.clock.advance(30_000);
    await page.locator('input[name=totp]').fill(await totpCode(u.totpSecret, fx.clock.now));
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('who').waitFor();
  };

  const signOut = async (page: Page) => {
    await page.locator('.userbox button').click();
    await page.locator('input[name=username]').waitFor();
  };

  const screenshot = async (page: Page, name: string) => {
    const file = path.join(SCREENSHOTS, `${name}.png`);
    // From the top, so the sticky header sits where it belongs in a full-page capture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };

  return {
    fx,
    app,
    baseUrl,
    context,
    outsideRequests,
    pageProblems,
    newPage,
    signIn,
    signOut,
    screenshot,
    close: async () => {
      await context.close();
      await app.close();
      await fx.db.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Switches the app's language through its own language menu (as a user would). */
export async function switchLanguage(page: Page, lang: 'ko' | 'en' | 'zh'): Promise<void> {
  await page.locator('.lang-switch select').first().selectOption(lang);
  await page.waitForFunction(
    (l) => document.documentElement.lang.startsWith(l === 'zh' ? 'zh' : l),
    lang,
  );
}
