/// <reference lib="dom" />
import { fits, frameTheme, seriousViolations, settled, useChromium, DARK } from '../support/chromium';
import { pdfPageTexts } from '../support/pdf';

/**
 * The monthly review in Chromium over the demo (clock 2013-08-01): AGPUSH's last six months, which
 * changes are signals, where July's work waited and the items behind a status; the demo stream's
 * months with each team's debt share; the choice kept in the URL; every width and both themes.
 */

const session = useChromium();
const { open, shot } = session;

test("a space's months: signals named, charts drawn, where work waits, and the items behind a step", async () => {
  const page = await open('/projects/AGPUSH/flow');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByRole('tab', { name: 'Monthly review' }).click();
  await page.waitForURL(/tab=review/);
  await app.getByRole('heading', { name: 'Month over month: AeroGear Push' }).waitFor();
  await app.getByText('2013-02-01 to 2013-07-31, the last 6 complete months').waitFor();
  // July 2013 was AGPUSH's busiest month by far: its velocity is a signal, said in words that
  // know that more completed is better.
  await app.getByText(/^2 of 5 metrics changed in 2013-07 by more than their usual variation/).waitFor();
  await expect(
    app
      .getByText('Flow velocity: more work completed, a signal (beyond its usual range), better.')
      .first()
      .isVisible(),
  ).resolves.toBe(true);
  await expect(
    app.getByRole('img', { name: /^Flow velocity per month: 2013-02 0; .* 2013-07 44\./ }).isVisible(),
  ).resolves.toBe(true);
  const months = app.getByRole('table', { name: 'Figures per month' });
  await expect(months.locator('tbody tr').count()).resolves.toBe(6);
  await expect(months.locator('tbody tr').nth(5).textContent()).resolves.toMatch(/^2013-0744/);
  // A month's count opens its work items: July's 44, as the Flow page lists them for July.
  await months.getByRole('button', { name: /^44 work items completed in 2013-07/ }).click();
  const modal = page.frameLocator('iframe[data-frame="modal"]');
  await modal.getByRole('heading', { name: /\(44\)$/ }).waitFor();
  await expect(modal.getByRole('table').locator('tbody tr').count()).resolves.toBe(44);
  await modal.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  // Where July's work waited: one sentence naming the step, then each status in workflow order.
  await app.getByText(/^\d+% of flow time waits in Open/).waitFor();
  const steps = app.getByRole('table', { name: 'Time in each status, 2013-07' });
  await expect(steps.locator('tbody tr th').allTextContents()).resolves.toEqual([
    'Open waits',
    'Coding In Progress',
    'Pull Request Sent',
  ]);
  await steps.getByRole('button', { name: /items that spent time in Open/ }).click();
  const behind = app.getByRole('table', { name: 'Work items behind the figure' });
  await behind.waitFor();
  const count = Number(
    await steps.getByRole('button', { name: /items that spent time in Open/ }).textContent(),
  );
  await expect(behind.locator('tbody tr').count()).resolves.toBe(count);
  await expect(behind.getByRole('link').first().getAttribute('href')).resolves.toMatch(
    /^\/browse\/AGPUSH-\d+$/,
  );
  await expect(seriousViolations(page, 'flow')).resolves.toEqual({ serious: [], checkedFrame: true });
  await shot(page, 'monthly-review');
});

test('the choice lives in the URL: weeks instead of months, nine of them', async () => {
  const page = await open('/projects/AGPUSH/flow?tab=review&periods=9&by=week');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByRole('heading', { name: 'Week over week: AeroGear Push' }).waitFor();
  // 2013-08-01 is a Thursday: the last complete ISO week ended on Sunday 28 July.
  await app.getByText('2013-05-27 to 2013-07-28, the last 9 complete weeks').waitFor();
  await expect(
    app.getByRole('table', { name: 'Figures per week' }).locator('tbody tr').count(),
  ).resolves.toBe(9);
});

test("the demo stream's months, with each team's debt share against its own band", async () => {
  const page = await open('/streams?stream=demo-stream-0001&tab=review');
  const app = page.frameLocator('iframe[data-frame="streams"]');
  await app.getByRole('heading', { name: 'Month over month: All teams of this site' }).waitFor();
  const teams = app.getByRole('table', { name: 'Debt share of each team' });
  await teams.waitFor();
  await expect(teams.locator('tbody tr th').allTextContents()).resolves.toEqual([
    'AeroGear Push (AGPUSH)',
    'Alloy (ALOY)',
  ]);
  await app.getByRole('table', { name: 'Time in each status, 2013-07' }).waitFor();
  // The lead, who may not browse ALOY, is told a space is not shown, and nothing of it.
  const lead = await open('/streams?stream=demo-stream-0001&tab=review', 'pushLead');
  const seen = lead.frameLocator('iframe[data-frame="streams"]');
  await seen.getByText('1 space of this stream is not shown').waitFor();
  await seen.getByRole('table', { name: 'Debt share of each team' }).waitFor();
  await expect(seen.locator('body').textContent()).resolves.not.toMatch(/ALOY|Alloy/);
});

test('debt in the same meeting: the debt share, the minimum payments, an agreement marked reviewed with a note', async () => {
  const page = await open('/projects/AGPUSH/flow?tab=review');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  const debt = app.getByRole('region', { name: 'Debt in 2013-07' });
  await debt.getByText('23% of the work completed in 2013-07 was debt').waitFor();
  await expect(debt.getByText(/made 4 months in a row/).isVisible()).resolves.toBe(true);
  await expect(
    debt.getByRole('table', { name: 'Minimum payments by month' }).locator('tbody tr').count(),
  ).resolves.toBe(6);
  const dueHead = debt.getByText(/^Agreements due for review \(\d+\)$/);
  await dueHead.waitFor();
  const due = Number(/\((\d+)\)/.exec((await dueHead.textContent()) ?? '')?.[1]);
  expect(due).toBeGreaterThan(0);
  await debt
    .getByRole('textbox', { name: 'Note for the review of AGPUSH-61' })
    .fill('Still needed: the guides are read');
  await debt
    .getByRole('listitem')
    .filter({ hasText: 'AGPUSH-61' })
    .getByRole('button', { name: 'Mark reviewed' })
    .click();
  await debt.getByText(`Agreements due for review (${due - 1})`).waitFor();
  // The note is in the agreement's history, on the epic.
  const epic = await open('/browse/AGPUSH-61');
  await epic
    .frameLocator('iframe[data-frame="agreement"]')
    .getByText('Still needed: the guides are read')
    .first()
    .waitFor();
  // The repaid agreement's evidence: what its work cost against the space's.
  await expect(debt.getByText(/AGPUSH-102/).isVisible()).resolves.toBe(true);
});

for (const width of [1280, 800, 600])
  for (const theme of ['light', 'dark'] as const)
    test(`the monthly review fits ${width} px, ${theme}`, async () => {
      await session.context.addCookies([{ name: 'flow_ledger_theme', value: theme, url: session.base }]);
      const page = await open('/projects/AGPUSH/flow?tab=review');
      await page.setViewportSize({ width, height: 800 });
      const app = page.frameLocator('iframe[data-frame="flow"]');
      if (theme === 'dark')
        await expect(settled(() => frameTheme(page, 'flow'), DARK)).resolves.toEqual(DARK);
      const fit = await fits(app, 'Time in each status');
      await shot(page, `monthly-review-${width}-${theme}`);
      expect(fit).toEqual({
        tableWithinFrame: true,
        headersOnTwoLinesAtMost: true,
        buttonsWithinFrame: true,
      });
    });

test('a review recorded: two decisions, one a new work item; reopened after a settings change; shared as Markdown and PDF', async () => {
  const page = await open('/projects/AGPUSH/flow?tab=review');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  // June's review was recorded before (the demo's, by the AGPUSH lead); July's is next.
  await app.getByRole('button', { name: 'Review of 2013-06' }).waitFor();
  await app.getByRole('button', { name: 'Start the review of 2013-07' }).click();
  await app.getByRole('heading', { name: 'Review of 2013-07: AeroGear Push' }).waitFor();
  await page.waitForURL(/review=/);
  // What June decided, and what became of it since: its work items' status now.
  const june = app.getByRole('region', { name: 'Decisions of the review of 2013-06' });
  await expect(june.getByRole('listitem').allTextContents()).resolves.toEqual([
    expect.stringMatching(
      /^Finish the Admin UI mockup before more UI work starts \(owner: Priya Push.*AGPUSH-67.*Resolved$/,
    ),
    expect.stringMatching(
      /^Merge the tutorials waiting in Pull Request Sent .*AGPUSH-21.*Pull Request Sent$/,
    ),
    expect.stringMatching(/^Make the notification endpoint configurable — AGPUSH-84.*Resolved$/),
  ]);
  const frozen = await app.getByRole('table', { name: 'Figures per month' }).locator('tbody').innerText();

  await app
    .getByRole('textbox', { name: 'Observations' })
    .fill('Open waits: work sits before anyone starts it.');
  await app.getByRole('button', { name: 'Add a decision' }).click();
  await app.getByLabel('Decision 1', { exact: true }).fill('Pair on pull requests so that they wait less');
  await app.getByRole('button', { name: 'Add a decision' }).click();
  await app.getByLabel('Decision 2', { exact: true }).fill('Limit work in progress to 5');
  await app.getByRole('button', { name: 'Save review' }).click();
  await app.getByText(/^Saved: revision 2/).waitFor();
  await app.getByRole('button', { name: 'Create a work item in AGPUSH' }).first().click();
  const created = app
    .getByRole('region', { name: 'Observations and decisions' })
    .getByRole('link', { name: /^AGPUSH-\d+$/ });
  await created.waitFor();
  const key = (await created.textContent()) ?? '';
  await app.getByText(/^Saved: revision 4/).waitFor();

  // The team changes its settings; the review, reopened, shows the figures it was started with.
  const settings = await open('/projects/AGPUSH/settings/flow');
  const form = settings.frameLocator('iframe[data-frame="settings"]');
  await form.getByLabel('Debts at most (%)').fill('35');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Saved.', { exact: true }).waitFor();
  const again = await open(new URL(page.url()).pathname + new URL(page.url()).search);
  const reopened = again.frameLocator('iframe[data-frame="flow"]');
  await reopened.getByRole('heading', { name: 'Review of 2013-07: AeroGear Push' }).waitFor();
  await expect(
    reopened.getByRole('table', { name: 'Figures per month' }).locator('tbody').innerText(),
  ).resolves.toBe(frozen);
  await expect(
    reopened
      .getByRole('region', { name: 'Observations and decisions' })
      .getByRole('link', { name: key })
      .isVisible(),
  ).resolves.toBe(true);

  // The Markdown says what the page says: the same rows, the same decisions.
  const [file] = await Promise.all([
    again.waitForEvent('download'),
    reopened.getByRole('button', { name: 'Download Markdown' }).click(),
  ]);
  const markdown = await streamText(await file.createReadStream());
  expect(file.suggestedFilename()).toBe('flow-review-AGPUSH-2013-07.md');
  const rows = frozen.split('\n').map((row) => `| ${row.split('\t').join(' | ')} |`);
  for (const row of rows) expect(markdown).toContain(row);
  expect(markdown).toContain(`1. Pair on pull requests so that they wait less — ${key} (Open)`);
  expect(markdown).toContain('2. Limit work in progress to 5');
  expect(markdown).toMatch(/\*\*\d+% of flow time waits in Open\*\*/);

  // Printed: every page draws text, nothing of the form is printed, no table is wider than the page.
  const frame = again.frames().find((f) => f.url().includes('project-page'));
  if (frame === undefined) throw new Error('no project page frame');
  await frame.evaluate(() => document.fonts.ready);
  const html = await frame.evaluate(() => document.documentElement.outerHTML);
  const printed = await session.context.newPage();
  await printed.setViewportSize({ width: 794, height: 1123 });
  await printed.setContent(
    // The frame's page as drawn, without its scripts; its stylesheets fetched from the preview as
    // a page of the same origin would (a copy is of no origin, and `crossorigin` would ask CORS).
    html
      .replace(/<script[\s\S]*?<\/script>/g, '')
      .replace(/ crossorigin=""/g, '')
      .replace('<head>', `<head><base href="${frame.url()}">`),
    { waitUntil: 'load' },
  );
  await printed.emulateMedia({ media: 'print' });
  const layout = await printed.evaluate(() => ({
    tablesWithin: [...document.querySelectorAll('table')].every(
      (t) => t.getBoundingClientRect().right <= document.documentElement.clientWidth + 1,
    ),
    formPrinted: [...document.querySelectorAll('textarea, input')].some(
      (e) => e instanceof HTMLElement && e.offsetParent !== null,
    ),
    rowsWhole: [...document.querySelectorAll('tr')].every((r) => getComputedStyle(r).breakInside === 'avoid'),
    decisionsPrinted: document.body.innerText.includes('Limit work in progress to 5'),
  }));
  expect(layout).toEqual({ tablesWithin: true, formPrinted: false, rowsWhole: true, decisionsPrinted: true });
  const pdf = pdfPageTexts(await printed.pdf({ format: 'A4', printBackground: true }));
  expect(pdf.pages).toBeGreaterThan(1);
  expect(pdf.withText).toBe(pdf.pages);
  await expect(seriousViolations(again, 'flow')).resolves.toEqual({ serious: [], checkedFrame: true });
  await shot(again, 'review-record');
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
