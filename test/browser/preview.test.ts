import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { handler } from '../../src/index';
import { emulatorPreview } from '../../src/local/preview/assemble';

/**
 * The whole preview in headless Chromium (Debian's package, driven by playwright-core): every
 * surface loads from its built resource in an iframe, talks to the real resolvers through the host
 * bridge, and shows the demo's data as each user may see it. Screenshots land in test-results/.
 */

const ROOT = path.join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const USERS = {
  admin: '557058:demo-0000-4000-8000-000000000001',
  pushLead: '557058:demo-0000-4000-8000-000000000002',
  alloyDev: '557058:demo-0000-4000-8000-000000000003',
  viewer: '557058:demo-0000-4000-8000-000000000004',
};

let browser: Browser;
let context: BrowserContext;
let base: string;
let close: () => Promise<void>;
const pageErrors: string[] = [];

jest.setTimeout(60_000);

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const { server } = await emulatorPreview({
    source: path.join(ROOT, 'demo'),
    port: 0,
    stateDir: mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-preview-')),
    staticRoot: path.join(ROOT, 'static'),
    handler,
  });
  const running = await server.listen(0);
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
  await browser.close();
  await close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterEach(async () => {
  await context.close();
});

async function open(url: string, as: keyof typeof USERS = 'admin'): Promise<Page> {
  await context.addCookies([{ name: 'flow_ledger_user', value: USERS[as], url: base }]);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
  await page.goto(`${base}${url}`);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

test('the project page shows the flow of AGPUSH over the last 12 weeks', async () => {
  const page = await open('/projects/AGPUSH/flow');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByRole('heading', { name: 'Flow: AeroGear Push' }).waitFor();
  await expect(app.getByText('2013-05-10 to 2013-08-01 (UTC), 176 issues read').isVisible()).resolves.toBe(
    true,
  );
  await expect(app.getByText('Flow velocity').locator('..').textContent()).resolves.toContain('66');
  await expect(
    app.getByRole('img', { name: /^Completed: Features 83% \(55\), Defects 17% \(11\)/ }).isVisible(),
  ).resolves.toBe(true);
  await expect(app.getByText('Debts are below their target').isVisible()).resolves.toBe(true);
  await expect(app.getByRole('img', { name: /^Completed items per week: / }).isVisible()).resolves.toBe(true);
  await expect(app.getByRole('link', { name: 'AGPUSH-6' }).isVisible()).resolves.toBe(true);
  await shot(page, 'project-page');
  expect(pageErrors).toEqual([]);
});

test('switching the window to four weeks asks the resolver again', async () => {
  const page = await open('/projects/AGPUSH/flow');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByText('176 issues read').waitFor();
  await app.getByLabel('Window').click();
  await app.getByText('Last 4 weeks', { exact: true }).click();
  await app.getByText('2013-07-05 to 2013-08-01 (UTC)', { exact: false }).waitFor();
});

test('the issue view shows the flow panel; a started item back in Open is waiting', async () => {
  const page = await open('/browse/AGPUSH-6');
  await expect(page.getByRole('heading', { name: 'Add SockJS support' }).isVisible()).resolves.toBe(true);
  const panel = page.frameLocator('iframe[data-frame="flow"]');
  await panel.getByText('Waiting', { exact: true }).waitFor();
  await expect(panel.getByText('Age').isVisible()).resolves.toBe(true);
  await expect(panel.getByText('71.5 d').isVisible()).resolves.toBe(true);
  await expect(page.locator('iframe[data-frame="agreement"]').count()).resolves.toBe(0);
  await shot(page, 'issue-panel');
});

test('an epic shows its children mix and the agreement panel', async () => {
  const page = await open('/browse/AGPUSH-61');
  const panel = page.frameLocator('iframe[data-frame="flow"]');
  // Its five children are sub-tasks, not flow items when the flow items are stories.
  await panel.getByText("None of its 5 children is at the project's flow-item level").waitFor();
  const agreement = page.frameLocator('iframe[data-frame="agreement"]');
  await agreement.getByText('Technical-debt agreements are not available yet').waitFor();
  await shot(page, 'epic');
});

test('settings: a reader sees them read-only; the lead changes the debt target and the page follows', async () => {
  const viewer = await open('/projects/AGPUSH/settings/flow', 'viewer');
  const readOnly = viewer.frameLocator('iframe[data-frame="settings"]');
  await readOnly
    .getByText('Only project administrators can change these settings.', { exact: false })
    .waitFor();
  await expect(readOnly.getByRole('button', { name: 'Save' }).isDisabled()).resolves.toBe(true);

  const lead = await open('/projects/AGPUSH/settings/flow', 'pushLead');
  const form = lead.frameLocator('iframe[data-frame="settings"]');
  const min = form.getByLabel('Debts at least (%)');
  await min.waitFor();
  await min.fill('0');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Saved.', { exact: true }).waitFor();
  await shot(lead, 'settings-page');

  const flow = await open('/projects/AGPUSH/flow', 'pushLead');
  const app = flow.frameLocator('iframe[data-frame="flow"]');
  await app.getByText('0% of completed work against a target of 0% to 20%', { exact: false }).waitFor();
  await expect(app.getByText('Debts are below their target').count()).resolves.toBe(0);
});

test('the dashboard gadget shows a project, and its edit view changes which', async () => {
  const page = await open('/dashboard');
  const gadget = page.frameLocator('iframe[data-frame="gadget"]');
  await gadget.getByText('AeroGear Push, last 12 weeks', { exact: false }).waitFor();
  await shot(page, 'gadget');
  await page.getByRole('link', { name: 'Edit' }).click();
  const edit = page.frameLocator('iframe[data-frame="gadget-edit"]');
  await edit.getByLabel('Project').click();
  await edit.getByText('Alloy (ALOY)', { exact: true }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  await page
    .frameLocator('iframe[data-frame="gadget"]')
    .getByText('Alloy, last 12 weeks', { exact: false })
    .waitFor();
});

test('a user who may not browse AGPUSH sees none of it, in the pages or the API', async () => {
  const page = await open('/projects/AGPUSH/flow', 'alloyDev');
  await expect(
    page.getByText('No project AGPUSH exists, or Alex Alloy (ALOY developer) may not browse it.').isVisible(),
  ).resolves.toBe(true);
  const issue = await open('/browse/AGPUSH-6', 'alloyDev');
  await expect(
    issue.getByText('Issue does not exist or you do not have permission to see it.').isVisible(),
  ).resolves.toBe(true);
  const home = await open('/', 'alloyDev');
  await expect(home.getByRole('link', { name: 'AeroGear Push' }).count()).resolves.toBe(0);
  await expect(home.getByRole('link', { name: 'Alloy' }).first().isVisible()).resolves.toBe(true);
  // Through the REST API too: the ALOY developer's count of bugs is exactly ALOY's, which is fewer than the site's.
  const count = async (email: string, jql: string): Promise<unknown> => {
    const r = await fetch(`${base}/rest/api/3/search/approximate-count`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${email}:flow-ledger`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ jql }),
    });
    return r.json();
  };
  const aloyBugs = await count('admin@example.com', 'project = ALOY AND issuetype = Bug');
  const allBugs = await count('admin@example.com', 'issuetype = Bug');
  expect(await count('alloy.dev@example.com', 'issuetype = Bug')).toEqual(aloyBugs);
  expect(aloyBugs).not.toEqual(allBugs);
});

test('the project page has no serious accessibility violations', async () => {
  const page = await open('/projects/AGPUSH/flow');
  await page.frameLocator('iframe[data-frame="flow"]').getByText('176 issues read').waitFor();
  const results = await new AxeBuilder({ page }).include('iframe[data-frame="flow"]').analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
  expect(serious).toEqual([]);
  // The frame's content was checked (axe reaches into iframes), not only the host page.
  expect(
    results.passes.flatMap((p) => p.nodes.map((n) => n.target.join(' '))).some((t) => t.includes('iframe')),
  ).toBe(true);
});
