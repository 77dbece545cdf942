// Headless Debian chromium driven by playwright-core, for UI tests and the UI
// benchmark: a fresh profile per launch, no sandbox, no GPU, no network
// chatter. Makes sure the UI is built first (scripts/build-ui.mjs skips the
// build when dist/ui is up to date).
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.GANTRY_CHROMIUM ?? '/usr/bin/chromium';

export interface TestBrowser {
  browser: Browser;
  /** A new page in its own context (own localStorage), sized like a laptop screen. */
  newPage(opts?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

export function buildUi(): void {
  execFileSync(process.execPath, ['scripts/build-ui.mjs'], { stdio: 'pipe' });
}

export async function launchBrowser(): Promise<TestBrowser> {
  buildUi();
  // playwright-core gives every launch() a fresh temporary --user-data-dir of
  // its own (and refuses one passed in args), and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newPage({ width = 1280, height = 800 } = {}) {
      const ctx = await browser.newContext({ viewport: { width, height } });
      contexts.push(ctx);
      return ctx.newPage();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
    },
  };
}

/** Logs in through the login form, as a user would. */
export async function uiLogin(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=user-name]');
}

