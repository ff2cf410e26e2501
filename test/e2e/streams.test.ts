/// <reference lib="dom" />
import { fits, frameTheme, seriousViolations, settled, useChromium, DARK } from '../support/chromium';

/**
 * The value streams page (`jira:globalPage`) in Chromium over the demo: its stream of AGPUSH and
 * ALOY, each team side by side, a count opened, the window changed and the URL sent to someone who
 * may browse one of the two spaces; a stream made through the form; every width and both themes.
 */

const session = useChromium();
const { open, shot } = session;

/** The demo's stream: made on the preview's first start, of the site's spaces. */
const STREAM = 'All teams of this site';

test('the demo stream shows each team side by side; a count opens its work items', async () => {
  const page = await open('/streams');
  const app = page.frameLocator('iframe[data-frame="streams"]');
  await app.getByRole('heading', { name: 'Value streams' }).waitFor();
  await expect(app.getByRole('row', { name: new RegExp(`^${STREAM}`) }).textContent()).resolves.toContain(
    '2 spaces',
  );
  await app.getByRole('button', { name: STREAM }).click();
  await app.getByRole('heading', { name: STREAM }).waitFor();
  await app.getByText(/2013-05-10 to 2013-08-01 \(UTC\), 2 teams, \d+ work items read/).waitFor();
  const teams = app.getByRole('table', { name: 'Each team side by side' });
  await teams.waitFor();
  // Sorted by what each completed, most first: ALOY's 67 above AGPUSH's 66 (its page's velocity).
  const rows = teams.locator('tbody tr');
  await expect(rows.count()).resolves.toBe(2);
  await expect(rows.nth(0).textContent()).resolves.toMatch(/^Alloy ALOY/);
  await expect(rows.nth(1).textContent()).resolves.toMatch(/^AeroGear Push AGPUSH/);
  await expect(
    rows
      .nth(1)
      .getByRole('button', { name: /^66 work items completed in AGPUSH/ })
      .isVisible(),
  ).resolves.toBe(true);
  // Neither space has saved flow settings: the page says whose rules are the defaults.
  await expect(app.getByText(/AGPUSH, ALOY have no saved flow settings/).isVisible()).resolves.toBe(true);
  await rows
    .nth(1)
    .getByRole('button', { name: /debt items completed in AGPUSH/ })
    .click();
  const modal = page.frameLocator('iframe[data-frame="modal"]');
  await modal.getByRole('heading', { name: 'Debts: completed (14)' }).waitFor();
  await expect(
    modal.getByRole('table', { name: 'Debts: completed' }).locator('tbody tr').count(),
  ).resolves.toBe(14);
  await modal.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  // Sorting by a column's head, and again the other way.
  await teams.getByRole('button', { name: /^Team \(space\)/ }).click();
  await expect(rows.nth(0).textContent()).resolves.toMatch(/^AeroGear Push/);
  await teams.getByRole('button', { name: /^Team \(space\)/ }).click();
  await expect(
    settled(async () => (await rows.nth(0).textContent())?.startsWith('Alloy'), true),
  ).resolves.toBe(true);
  await expect(seriousViolations(page, 'streams')).resolves.toEqual({ serious: [], checkedFrame: true });
});

test('the window lives in the URL: sent to someone who may browse one space, it shows that one', async () => {
  const page = await open('/streams?stream=demo-stream-0001');
  const app = page.frameLocator('iframe[data-frame="streams"]');
  await app.getByRole('table', { name: 'Each team side by side' }).waitFor();
  await app.getByRole('combobox', { name: 'Window' }).click();
  await app.getByRole('option', { name: 'Last 4 weeks' }).click();
  await app.getByText(/^2013-07-05 to 2013-08-01/).waitFor();
  await page.waitForURL(/weeks=4/);
  const sent = new URL(page.url());
  expect(sent.searchParams.get('stream')).toBe('demo-stream-0001');

  const lead = await open(`${sent.pathname}${sent.search}`, 'pushLead');
  const seen = lead.frameLocator('iframe[data-frame="streams"]');
  await seen.getByText(/^2013-07-05 to 2013-08-01/).waitFor();
  await expect(seen.getByText('1 space of this stream is not shown').isVisible()).resolves.toBe(true);
  const rows = seen.getByRole('table', { name: 'Each team side by side' }).locator('tbody tr');
  await expect(rows.count()).resolves.toBe(1);
  await expect(rows.nth(0).textContent()).resolves.toMatch(/^AeroGear Push/);
  // ALOY is nowhere in what the lead is shown.
  await expect(seen.locator('body').textContent()).resolves.not.toMatch(/ALOY|Alloy/);
});

test("the stream's agreements: one register of its spaces, and each team's minimum payments", async () => {
  const page = await open('/streams?stream=demo-stream-0001');
  const app = page.frameLocator('iframe[data-frame="streams"]');
  await app.getByRole('tab', { name: 'Debt agreements' }).click();
  await page.waitForURL(/tab=agreements/);
  const register = app.getByRole('table', { name: /agreements, ranked/ });
  await register.waitFor();
  // The demo's seven AGPUSH agreements and ALOY's one (demo/README.md).
  await expect(register.locator('tbody tr').count()).resolves.toBe(8);
  const payments = app.getByRole('table', { name: 'Minimum payments by team' });
  await expect(payments.locator('tbody tr').count()).resolves.toBe(2);
  await expect(payments.locator('tbody tr').nth(0).textContent()).resolves.toMatch(
    /^AeroGear Push AGPUSH10%/,
  );
  await expect(
    payments
      .getByRole('img', { name: /^2013-05-06: (made|missed|nothing completed)/ })
      .first()
      .isVisible(),
  ).resolves.toBe(true);
  await expect(seriousViolations(page, 'streams')).resolves.toEqual({ serious: [], checkedFrame: true });
  await shot(page, 'stream-agreements');
});

test('the flow gadget shows a value stream: its mix, then each team under it', async () => {
  const page = await open('/dashboard');
  await page.getByRole('link', { name: 'Edit Flow distribution' }).click();
  const edit = page.frameLocator('iframe[data-frame="gadget-edit"]');
  await edit.getByLabel('Space or value stream').click();
  await edit.getByText(`${STREAM} (value stream)`, { exact: true }).click();
  // A stream's spaces keep their own rules, and the stream its own narrowing: no filter to give.
  await expect(edit.getByLabel(/Only the work items matching/).count()).resolves.toBe(0);
  await edit.getByRole('button', { name: 'Save' }).click();
  const gadget = page.frameLocator('iframe[data-frame="gadget"]');
  await gadget.getByText(`${STREAM}, 2 teams, last 12 weeks`, { exact: false }).waitFor();
  await expect(
    gadget.getByRole('img', { name: /^AeroGear Push \(AGPUSH\): Features/ }).isVisible(),
  ).resolves.toBe(true);
  await expect(gadget.getByRole('img', { name: /^Alloy \(ALOY\): / }).isVisible()).resolves.toBe(true);
  await shot(page, 'gadget-stream');
  // The lead, who may not browse ALOY, sees the stream's AGPUSH alone, and a count of one more.
  const lead = await open('/dashboard', 'pushLead');
  const theirs = lead.frameLocator('iframe[data-frame="gadget"]');
  await theirs.getByText(`${STREAM}, 1 team (1 not shown to you)`, { exact: false }).waitFor();
  await expect(theirs.getByRole('img', { name: /^Alloy/ }).count()).resolves.toBe(0);
});

test('a stream made through the form opens with its team; its creator alone may change it', async () => {
  const page = await open('/streams', 'alloyDev');
  const app = page.frameLocator('iframe[data-frame="streams"]');
  await app.getByRole('button', { name: 'Create value stream' }).click();
  await app.getByLabel('Name').fill('  Alloy\u0007 only  ');
  await app.getByLabel('Spaces').click();
  await app.getByRole('option', { name: 'Alloy (ALOY)' }).click();
  await app.getByRole('button', { name: 'Create stream' }).click();
  await app.getByRole('heading', { name: 'Alloy only' }).waitFor();
  await app.getByRole('table', { name: 'Each team side by side' }).waitFor();
  const id = new URL(page.url()).searchParams.get('stream');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);

  const other = await open(`/streams?stream=${id ?? ''}&edit=1`, 'admin');
  const form = other.frameLocator('iframe[data-frame="streams"]');
  await form.getByLabel('Name').waitFor();
  // A Jira administrator may change it; a person who did not create it may not.
  await expect(form.getByRole('button', { name: 'Save stream' }).isVisible()).resolves.toBe(true);
  const viewer = await open(`/streams?stream=${id ?? ''}&edit=1`, 'viewer');
  const readOnly = viewer.frameLocator('iframe[data-frame="streams"]');
  await readOnly
    .getByText('Only the person who created this stream, or a Jira administrator, can change it.')
    .waitFor();
  await expect(readOnly.getByRole('button', { name: 'Save stream' }).count()).resolves.toBe(0);
});

for (const width of [1280, 800, 600])
  for (const theme of ['light', 'dark'] as const)
    test(`the stream page fits ${width} px, ${theme}`, async () => {
      await session.context.addCookies([{ name: 'flow_ledger_theme', value: theme, url: session.base }]);
      const page = await open('/streams?stream=demo-stream-0001&trend=month');
      await page.setViewportSize({ width, height: 800 });
      const app = page.frameLocator('iframe[data-frame="streams"]');
      if (theme === 'dark')
        await expect(settled(() => frameTheme(page, 'streams'), DARK)).resolves.toEqual(DARK);
      const fit = await fits(app, 'Each team side by side');
      await shot(page, `streams-${width}-${theme}`);
      expect(fit).toEqual({
        tableWithinFrame: true,
        headersOnTwoLinesAtMost: true,
        buttonsWithinFrame: true,
      });
    });
