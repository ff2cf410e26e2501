/// <reference lib="dom" />
import { fits, frameTheme, seriousViolations, settled, useChromium, DARK } from '../support/chromium';

/**
 * Planning in Chromium over the demo (clock 2013-08-01): ALOY's "Alloy" board, its real sprints
 * ("2014 Sprint 21 Alloy" running, "2014 Sprint 22 Alloy" planned, moved in time: demo/README.md)
 * and the illustrative agreement on ALOY-974, due before the planned sprint ends. The ALOY
 * developer opens the planned sprint's flow mix from its menu in the backlog, sees it below the
 * debt band, adds a repayment work item with one click and sees the band reached; the Plan tab
 * shows the closed sprints, planned beside completed. Every width and both themes.
 */

const session = useChromium();
const { open, shot } = session;
const BACKLOG = '/projects/ALOY/boards/124/backlog';
const NEXT = '2014 Sprint 22 Alloy';

/** The planned sprint's "Flow mix of this sprint", from its menu in the backlog, as the ALOY developer. */
async function openSprintAction(): Promise<{
  readonly page: Awaited<ReturnType<typeof open>>;
  readonly modal: ReturnType<Awaited<ReturnType<typeof open>>['frameLocator']>;
}> {
  const page = await open(BACKLOG, 'alloyDev');
  await page.locator(`summary[aria-label="Sprint actions: ${NEXT}"]`).click();
  await page
    .getByRole('menu', { name: `Sprint actions: ${NEXT}` })
    .getByRole('menuitem', { name: 'Flow mix of this sprint' })
    .click();
  const modal = page.frameLocator('iframe[data-frame="modal"]');
  await modal.getByRole('heading', { name: 'Plan: Alloy board' }).waitFor();
  return { page, modal };
}

test("from the backlog: the next sprint's flow mix, below the band, and one click that reaches it", async () => {
  const { page, modal } = await openSprintAction();
  await page.getByRole('heading', { name: 'Alloy board: backlog' }).waitFor();
  await modal.getByText(`${NEXT}, future sprint, 2013-08-05 to 2013-08-19 (UTC)`).waitFor();
  const mix = modal.getByRole('table', { name: 'Planned mix' });
  // 14 work items, one of them debt: 7 %, below the default band of 10–20 %.
  await expect(mix.getByRole('row', { name: /^Debt 1 7%/ }).isVisible()).resolves.toBe(true);
  await expect(mix.getByRole('row', { name: /^Debt/ }).getByText('below').isVisible()).resolves.toBe(true);
  await modal.getByText('Add 1 Debt work item to reach 10%.').waitFor();
  await expect(
    modal.getByRole('table', { name: 'Planned work items, in rank order' }).locator('tbody tr').count(),
  ).resolves.toBe(14);
  // The agreement due before the sprint ends, its repayment waiting in the backlog.
  const agreement = modal.getByRole('region', { name: 'Agreement ALOY-974' });
  await expect(agreement.getByText('due by the end of the sprint').first().isVisible()).resolves.toBe(true);
  const repayment = agreement.getByRole('table', { name: 'Repayment work items of ALOY-974' });
  await expect(repayment.locator('tbody tr').count()).resolves.toBe(3);
  await shot(page, 'plan-sprint-action');

  await repayment.getByRole('button', { name: `Add ALOY-976 to ${NEXT}` }).click();
  await modal.getByText(`ALOY-976 added to ${NEXT}.`).waitFor();
  // 2 of 15: 13 %, within the band; the gap sentence is gone, and ALOY-976 is planned now.
  await expect(mix.getByRole('row', { name: /^Debt 2 13%/ }).isVisible()).resolves.toBe(true);
  await expect(mix.getByRole('row', { name: /^Debt/ }).getByText('within').isVisible()).resolves.toBe(true);
  await expect(modal.getByText(/to reach 10%/).count()).resolves.toBe(0);
  await expect(repayment.locator('tbody tr').count()).resolves.toBe(2);
  await expect(
    modal
      .getByRole('table', { name: 'Planned work items, in rank order' })
      .getByRole('link', { name: 'ALOY-976' })
      .isVisible(),
  ).resolves.toBe(true);
  await expect(seriousViolations(page, 'modal')).resolves.toEqual({ serious: [], checkedFrame: true });

  // Jira moved it, as the ALOY developer: its Sprint field says so.
  const answer = await page.request.get(
    `${session.base}/rest/api/3/issue/ALOY-976?fields=customfield_10020`,
    {
      headers: {
        authorization: `Basic ${Buffer.from('alloy.dev@example.com:flow-ledger').toString('base64')}`,
      },
    },
  );
  expect(answer.status()).toBe(200);
  expect(JSON.stringify(await answer.json())).toContain(`"name":"${NEXT}"`);

  await modal.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
});

test('the backlog action: the same plan for the backlog', async () => {
  const page = await open(BACKLOG, 'alloyDev');
  await page.locator('summary[aria-label="Backlog actions"]').click();
  await page.getByRole('menuitem', { name: 'Flow mix of the backlog' }).click();
  const modal = page.frameLocator('iframe[data-frame="modal"]');
  await modal.getByRole('heading', { name: 'Plan: Alloy board' }).waitFor();
  await modal.getByRole('table', { name: 'Planned mix' }).waitFor();
  await modal.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
});

test('the Plan tab: the sprint chosen kept in the URL, and the closed sprints planned beside completed', async () => {
  // Without a board named, the one with a sprint running and one planned.
  const page = await open('/projects/ALOY/flow?tab=plan', 'alloyDev');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByRole('heading', { name: 'Plan: Alloy board' }).waitFor();
  await app.getByRole('table', { name: 'Planned mix' }).waitFor();
  // The running sprint instead of the next: the choice goes into the URL, and a reload keeps it.
  await app.getByRole('combobox', { name: 'Sprint' }).click();
  await app.getByRole('option', { name: /^2014 Sprint 21 Alloy, active/ }).click();
  await page.waitForURL(/board=124&sprint=234/);
  await app.getByText(/^2014 Sprint 21 Alloy, active sprint, 2013-07-22 to 2013-08-0\d \(UTC\)/).waitFor();
  await page.reload();
  await app.getByText(/^2014 Sprint 21 Alloy, active sprint, 2013-07-22 to 2013-08-0\d \(UTC\)/).waitFor();
  const closed = app.getByRole('table', { name: 'Closed sprints, newest first' });
  await closed.waitFor();
  await expect(closed.locator('tbody tr').count()).resolves.toBe(6);
  await expect(closed.locator('tbody tr').first().textContent()).resolves.toMatch(/^2014 Sprint 20 Alloy/);
  // The archive keeps no changelog: what each sprint held at its start is unknown, and said so.
  await app.getByText(/^The data has no changelog, so what these sprints held at their start/).waitFor();
  const ledger = app.getByRole('table', { name: 'Minimum payments by sprint' });
  await expect(ledger.locator('tbody tr').count()).resolves.toBe(6);
  await expect(seriousViolations(page, 'flow')).resolves.toEqual({ serious: [], checkedFrame: true });
  await shot(page, 'plan-tab');
});

test("the register's minimum payments: the periods, and the sprints planned beside completed", async () => {
  const page = await open('/projects/ALOY/flow?tab=agreements', 'alloyDev');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByRole('table', { name: 'Minimum payments by period' }).waitFor();
  const bySprint = app.getByRole('table', { name: 'Minimum payments by sprint' });
  await bySprint.getByRole('rowheader', { name: '2014 Sprint 15 Alloy' }).waitFor();
  await expect(bySprint.locator('tbody tr').count()).resolves.toBe(6);
  await expect(bySprint.locator('thead').textContent()).resolves.toMatch(
    /Planned share.*Planned payment.*Completed share.*Completed payment/,
  );
});

test('a person who may not browse ALOY is told the board is not there', async () => {
  const page = await open(BACKLOG, 'pushLead');
  await page.getByText(/No project ALOY exists, or Priya Push \(AGPUSH lead\) may not browse it\./).waitFor();
  session.problems.splice(0);
});

for (const theme of ['light', 'dark'] as const)
  test(`the sprint action in the backlog, ${theme}: Jira's dialog takes the theme, and the plan fits it`, async () => {
    await session.context.addCookies([{ name: 'flow_ledger_theme', value: theme, url: session.base }]);
    const { page, modal } = await openSprintAction();
    const expected = theme === 'dark' ? DARK : { mode: 'light', dark: false };
    await expect(settled(() => frameTheme(page, 'modal'), expected)).resolves.toEqual(expected);
    const fit = await fits(modal, 'Planned mix');
    await shot(page, `plan-sprint-action-${theme}`);
    expect(fit).toEqual({ tableWithinFrame: true, headersOnTwoLinesAtMost: true, buttonsWithinFrame: true });
  });

for (const width of [1280, 800, 600])
  for (const theme of ['light', 'dark'] as const)
    test(`the plan fits ${width} px, ${theme}`, async () => {
      await session.context.addCookies([{ name: 'flow_ledger_theme', value: theme, url: session.base }]);
      const page = await open('/projects/ALOY/flow?tab=plan&board=124', 'alloyDev');
      await page.setViewportSize({ width, height: 800 });
      const app = page.frameLocator('iframe[data-frame="flow"]');
      if (theme === 'dark')
        await expect(settled(() => frameTheme(page, 'flow'), DARK)).resolves.toEqual(DARK);
      const fit = await fits(app, 'Repayment work items of ALOY-974');
      await app.getByRole('table', { name: 'Closed sprints, newest first' }).waitFor();
      await shot(page, `plan-${width}-${theme}`);
      expect(fit).toEqual({
        tableWithinFrame: true,
        headersOnTwoLinesAtMost: true,
        buttonsWithinFrame: true,
      });
    });
