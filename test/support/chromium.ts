/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startDemoPreview } from './demo-preview';

/**
 * The preview over the demo in headless Chromium (Debian's package, driven by playwright-core),
 * for the browser tests: one preview and browser per file, a fresh context per test, and every
 * page's uncaught errors and console errors gathered, which each test must end without.
 */

const ROOT = path.join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test/e2e/screenshots');

/** The demo's people (demo/users.json). */
export const USERS = {
  admin: '557058:demo-0000-4000-8000-000000000001',
  pushLead: '557058:demo-0000-4000-8000-000000000002',
  alloyDev: '557058:demo-0000-4000-8000-000000000003',
  viewer: '557058:demo-0000-4000-8000-000000000004',
};

export interface ChromiumSession {
  /** The preview's address, once it runs. */
  readonly base: string;
  /** The running test's browser context. */
  readonly context: BrowserContext;
  /** What went wrong in the pages of the running test; a test that expects some empties it. */
  readonly problems: string[];
  readonly open: (url: string, as?: keyof typeof USERS) => Promise<Page>;
  readonly shot: (page: Page, name: string) => Promise<void>;
}

/** Registers the file's hooks and answers the session they keep. */
export function useChromium(): ChromiumSession {
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let base = '';
  let close: () => Promise<void> = () => Promise.resolve();
  const problems: string[] = [];

  jest.setTimeout(60_000);

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is not at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    const running = await startDemoPreview();
    base = running.url;
    close = running.close;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await close();
  });

  beforeEach(async () => {
    problems.splice(0);
    if (browser === null) throw new Error('Chromium did not start');
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterEach(async () => {
    await context?.close();
    // Every page of every test, not only the first: no uncaught error and no console error.
    expect(problems).toEqual([]);
  });

  const session: ChromiumSession = {
    get base() {
      return base;
    },
    get context() {
      if (context === null) throw new Error('No browser context outside a test');
      return context;
    },
    problems,
    open: async (url, as = 'admin') => {
      await session.context.addCookies([{ name: 'flow_ledger_user', value: USERS[as], url: base }]);
      const page = await session.context.newPage();
      page.on('pageerror', (e) => problems.push(`${url}: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`${url}: console: ${m.text()}`);
      });
      await page.goto(`${base}${url}`);
      return page;
    },
    shot: async (page, name) => {
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    },
  };
  return session;
}

/** What axe finds serious or critical inside an app frame (it reaches into iframes). */
export async function seriousViolations(
  page: Page,
  frame: string,
): Promise<{ serious: string[]; checkedFrame: boolean }> {
  const results = await new AxeBuilder({ page }).include(`iframe[data-frame="${frame}"]`).analyze();
  return {
    serious: results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help}`),
    checkedFrame: results.passes
      .flatMap((p) => p.nodes.map((n) => n.target.join(' ')))
      .some((t) => t.includes('iframe')),
  };
}

/** The value `read` gives once it equals `expected`, or its last value after five seconds. */
export async function settled<T>(read: () => Promise<T>, expected: T): Promise<T> {
  let value = await read();
  for (let i = 0; i < 50 && JSON.stringify(value) !== JSON.stringify(expected); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** The frame's root and the colour its page is painted with, as the user sees it. */
export async function frameTheme(page: Page, frame: string): Promise<{ mode: string | null; dark: boolean }> {
  const handle = await page.locator(`iframe[data-frame="${frame}"]`).elementHandle();
  const content = await handle.contentFrame();
  if (!content) throw new Error(`no frame ${frame}`);
  return content.evaluate(() => {
    const [r = 255, g = 255, b = 255] = (
      getComputedStyle(document.body).backgroundColor.match(/\d+/g) ?? []
    ).map(Number);
    return { mode: document.documentElement.getAttribute('data-color-mode'), dark: r + g + b < 200 };
  });
}

export const DARK = { mode: 'dark', dark: true };

/** Whether a frame's table and buttons fit it: nothing cut at the side, no header over two lines. */
export async function fits(
  frame: ReturnType<Page['frameLocator']>,
  table: string,
): Promise<Record<string, unknown>> {
  const t = frame.getByRole('table', { name: new RegExp(table) });
  await t.waitFor();
  return t.evaluate((el) => {
    const doc = el.ownerDocument.documentElement;
    // A column head's height against two of its lines, with its padding and rule.
    const overTwoLines = [...el.querySelectorAll('thead th')].filter((th) => {
      const style = getComputedStyle(th);
      const two =
        2 * parseFloat(style.lineHeight) +
        parseFloat(style.paddingTop) +
        parseFloat(style.paddingBottom) +
        parseFloat(style.borderBottomWidth);
      return th.getBoundingClientRect().height > two + 0.5;
    });
    const buttons = [...el.ownerDocument.querySelectorAll('button')].filter((b) => b.offsetParent !== null);
    return {
      tableWithinFrame: el.getBoundingClientRect().right <= doc.clientWidth + 1,
      headersOnTwoLinesAtMost: overTwoLines.length === 0,
      buttonsWithinFrame: buttons.every((b) => b.getBoundingClientRect().right <= doc.clientWidth + 1),
    };
  });
}
