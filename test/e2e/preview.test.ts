/// <reference lib="dom" />
import { createServer } from 'node:http';
import { DARK, fits, frameTheme, seriousViolations, settled, useChromium, USERS } from '../support/chromium';
import { invokeThrough, previewSession, raw } from '../support/preview-session';

/**
 * The whole preview in headless Chromium (Debian's package, driven by playwright-core): every
 * surface loads from its built resource in an iframe, talks to the real resolvers through the host
 * bridge, and shows the demo's data as each user may see it. Screenshots land in test-results/.
 */

const session = useChromium();
const { open, shot } = session;

test('the project page shows the flow of AGPUSH over the last 12 weeks', async () => {
  const page = await open('/projects/AGPUSH/flow');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByRole('heading', { name: 'Flow: AeroGear Push' }).waitFor();
  await expect(
    app.getByText('2013-05-10 to 2013-08-01 (UTC), 176 work items read').isVisible(),
  ).resolves.toBe(true);
  await expect(app.getByText('Flow velocity').locator('..').textContent()).resolves.toContain('66');
  await expect(
    app
      .getByRole('img', {
        name: /^Completed: Features 62% \(41\), Defects 17% \(11\), Risks 0% \(0\), Debts 21% \(14\)/,
      })
      .isVisible(),
  ).resolves.toBe(true);
  // The demo's refactoring work, labelled as a team would (demo/README.md), a little over the band.
  await expect(app.getByText('Debts are above their target').isVisible()).resolves.toBe(true);
  // No settings are saved for AGPUSH yet: the band is the default, not something the team agreed.
  await expect(
    app
      .getByText("Flow Ledger's default band is 10%–20% until the team sets its own", { exact: false })
      .isVisible(),
  ).resolves.toBe(true);
  await expect(app.getByText('the team agreed', { exact: false }).count()).resolves.toBe(0);
  await expect(app.getByRole('img', { name: /^Completed items per week: / }).isVisible()).resolves.toBe(true);
  await expect(app.getByRole('link', { name: 'AGPUSH-6' }).isVisible()).resolves.toBe(true);
  // The scatterplot of flow times, one dot per completed item, with its percentile lines.
  const scatter = app.getByRole('img', {
    name: /^Flow time of 43 completed items from 2013-05-10 to 2013-08-01: 85 % within 6\.2 d/,
  });
  await expect(scatter.isVisible()).resolves.toBe(true);
  // 43 of the 66 completed have a flow time: the others went straight to done. Each is a dot in a
  // target of 24 px, and the chart is as wide as its section, not a fixed 640 px beside space.
  const dots = scatter.locator('g:has(> title)');
  await expect(dots.count()).resolves.toBe(43);
  await expect(dots.first().locator('circle').first().getAttribute('r')).resolves.toBe('12');
  const scatterWidth = (await scatter.boundingBox())?.width ?? 0;
  const sectionWidth =
    (await app.getByRole('heading', { name: 'Flow time of each completed item' }).locator('..').boundingBox())
      ?.width ?? 0;
  expect(scatterWidth).toBeGreaterThan(640);
  expect(Math.abs(scatterWidth - sectionWidth)).toBeLessThan(40);
  // The time axes name days one way: ISO dates for weeks, ISO months for months.
  await expect(
    app
      .getByRole('img', { name: /^Completed items per week: / })
      .locator('text')
      .allTextContents(),
  ).resolves.toContain('2013-05-06');
  // The aging chart: every item in progress at its age, against the same percentiles.
  const aging = app.getByRole('img', {
    name: /^Age of \d+ items in progress: \d+ older than the 85 % flow time of 6\.2 d$/,
  });
  await expect(aging.isVisible()).resolves.toBe(true);
  const load = Number(
    (await app.getByText('Flow load', { exact: true }).locator('..').textContent())?.match(/\d+/)?.[0],
  );
  await expect(aging.locator('g:has(> title)').count()).resolves.toBe(load);
  // Its dots are coloured by type, and a legend says which.
  await expect(
    aging.locator('xpath=ancestor::figure').getByText('Debts', { exact: true }).isVisible(),
  ).resolves.toBe(true);
  await shot(page, 'project-page');
  // A dot opens its work item in Jira, through the bridge's router.
  // The last drawn is on top of any it overlaps.
  await dots.last().click();
  await page.waitForURL(/\/browse\/AGPUSH-\d+$/);
});

test('switching the window to four weeks asks the resolver again', async () => {
  const page = await open('/projects/AGPUSH/flow');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByText('176 work items read').waitFor();
  await app.getByLabel('Window').click();
  await app.getByText('Last 4 weeks', { exact: true }).click();
  await app.getByText('2013-07-05 to 2013-08-01 (UTC)', { exact: false }).waitFor();
  // The view is the page's URL: a reload keeps it, and Back returns to the one before.
  await page.waitForURL(/\/projects\/AGPUSH\/flow\?weeks=4$/);
  await page.reload();
  const again = page.frameLocator('iframe[data-frame="flow"]');
  await again.getByText('2013-07-05 to 2013-08-01 (UTC)', { exact: false }).waitFor();
  await again.getByRole('tab', { name: 'Debt agreements' }).click();
  await page.waitForURL(/\?tab=agreements&weeks=4$/);
  await page.goBack();
  await again.getByText('2013-07-05 to 2013-08-01 (UTC)', { exact: false }).waitFor();
  await page.goBack();
  await again.getByText('2013-05-10 to 2013-08-01 (UTC)', { exact: false }).waitFor();
  // A link to a view opens it.
  const shared = await open('/projects/AGPUSH/flow?from=2013-06-01&to=2013-06-30&trend=month');
  await shared
    .frameLocator('iframe[data-frame="flow"]')
    .getByText('2013-06-01 to 2013-06-30 (UTC)', { exact: false })
    .waitFor();
  // A work item's key opens it: the frame asks the host through the bridge's router.
  await app.getByRole('link', { name: 'AGPUSH-6' }).click();
  await page.waitForURL(/\/browse\/AGPUSH-6$/);
});

test('dates start from the window on screen; they are asked for once, when applied, and a start after the end is said, not sent', async () => {
  const page = await open('/projects/AGPUSH/flow');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByText('176 work items read').waitFor();
  await app.getByLabel('Window').click();
  await app.getByText('Dates…', { exact: true }).click();
  // The twelve weeks on screen, on the site's clock (2013-08-01), as ISO dates.
  await expect(app.getByRole('textbox', { name: 'From' }).inputValue()).resolves.toBe('2013-05-10');
  await expect(app.getByRole('textbox', { name: 'To' }).inputValue()).resolves.toBe('2013-08-01');
  await app.getByRole('textbox', { name: 'From' }).fill('2013-09-01');
  await app.getByRole('alert').getByText('From is after To: the window would be empty.').waitFor();
  // The figures stay as they were: nothing was asked for.
  await expect(app.getByText('2013-05-10 to 2013-08-01 (UTC)', { exact: false }).isVisible()).resolves.toBe(
    true,
  );
  await app.getByRole('textbox', { name: 'From' }).fill('2013-06-01');
  // A date that makes a window is not yet asked for: the figures say which window they are.
  await app
    .getByText('The figures are still for 2013-05-10 to 2013-08-01: Apply to show 2013-06-01 to 2013-08-01.')
    .waitFor();
  await app.getByRole('button', { name: 'Apply' }).click();
  await app.getByText('2013-06-01 to 2013-08-01 (UTC)', { exact: false }).waitFor();
  await expect(app.getByRole('alert').count()).resolves.toBe(0);
  await expect(app.getByText('No work in this window').count()).resolves.toBe(0);

  // Before the project had any work: zeros, and a word of why. Enter applies as well.
  await app.getByRole('textbox', { name: 'From' }).fill('2010-01-01');
  await app.getByRole('textbox', { name: 'To' }).fill('2010-02-01');
  await app.getByRole('textbox', { name: 'To' }).press('Enter');
  await app.getByText('No work in this window').waitFor();
  await expect(
    app.getByText('was completed or in progress from 2010-01-01 to 2010-02-01', { exact: false }).isVisible(),
  ).resolves.toBe(true);
});

test('data quality links every work item it names, and opens them in issue search', async () => {
  const page = await open('/projects/AGPUSH/flow');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  const finding = app.getByText('completed without ever being active or waiting', { exact: false });
  await finding.click();
  const section = app.getByRole('region', { name: 'Data quality' });
  await expect(section.getByRole('link').count()).resolves.toBe(23);
  const first = (await section.getByRole('link').first().textContent()) ?? '';
  expect(first).toMatch(/^AGPUSH-\d+$/);
  await section.getByRole('button', { name: 'Open in issue search' }).first().click();
  await page.waitForURL(/\/issues\/\?jql=key/);
  await page.getByText(first, { exact: true }).first().waitFor();
});

test('the issue view shows the flow panel; a started item back in Open is waiting', async () => {
  const page = await open('/browse/AGPUSH-6');
  await expect(page.getByRole('heading', { name: 'Add SockJS support' }).isVisible()).resolves.toBe(true);
  const panel = page.frameLocator('iframe[data-frame="flow"]');
  await panel.getByText('Waiting', { exact: true }).waitFor();
  await expect(panel.getByText('Age').isVisible()).resolves.toBe(true);
  await expect(panel.getByText('71.5 d').isVisible()).resolves.toBe(true);
  // Its states since creation as one bar: worked on, then waiting up to now.
  await expect(
    panel
      .getByRole('img', {
        name: /^States since creation: Not started .*, then Active .*, then Waiting [\d.]+ d$/,
      })
      .isVisible(),
  ).resolves.toBe(true);
  await expect(page.locator('iframe[data-frame="agreement"]').count()).resolves.toBe(0);
  await shot(page, 'issue-panel');
});

test('an epic shows its children mix and its agreement', async () => {
  const page = await open('/browse/AGPUSH-66');
  const panel = page.frameLocator('iframe[data-frame="flow"]');
  // Its nine children are sub-tasks, not flow items when the flow items are stories.
  await panel.getByText("None of its 9 children is at the space's flow-item level").waitFor();
  const agreement = page.frameLocator('iframe[data-frame="agreement"]');
  // The demo's illustrative agreement: due 2013-07-26, before the preview's clock.
  await agreement.getByText('Overdue', { exact: true }).waitFor();
  await expect(agreement.getByText('0 of 1 repayment item done, 1 open.').isVisible()).resolves.toBe(true);
  // The demo's epics keep their work in sub-tasks: the interest evidence counts them, and says so.
  const evidence = agreement.getByRole('table', { name: /^Completed work/ });
  const epicRow = evidence.getByRole('row', { name: /This epic: the sub-tasks under it/ });
  await expect(epicRow.getByRole('cell').first().textContent()).resolves.not.toBe('0');
  await shot(page, 'epic');
});

test('an agreement recorded through the form is found by JQL, reviewed, repaid, and shown by the register and the gadget', async () => {
  const epic = await open('/browse/AGPUSH-63', 'pushLead');
  let panel = epic.frameLocator('iframe[data-frame="agreement"]');
  await panel.getByRole('button', { name: 'Record an agreement' }).click();
  await panel
    .getByLabel('Impact (required)')
    .fill('The specifications were written after the code <script>alert(1)</script>.');
  await panel.getByLabel('Medium', { exact: true }).check();
  await panel.getByLabel('Rare', { exact: true }).check();
  await panel
    .getByLabel('Business outcome (required)')
    .fill('Client SDK authors work from one specification.');
  await panel.getByLabel('Lump sum: in one go').check();
  await panel.getByLabel('Due date').fill('2013-09-30');
  await shot(epic, 'agreement-form');
  await panel.getByRole('button', { name: 'Record the agreement' }).click();
  await panel.getByText('On track', { exact: true }).waitFor();

  await epic.reload();
  panel = epic.frameLocator('iframe[data-frame="agreement"]');
  await panel
    .getByText('The specifications were written after the code <script>alert(1)</script>.')
    .waitFor();
  await expect(
    panel.getByText(/Priya Push \(AGPUSH lead\) recorded the agreement/).isVisible(),
  ).resolves.toBe(true);

  await panel.getByRole('button', { name: 'Edit' }).click();
  await panel.getByLabel('Due date').fill('2013-10-15');
  await panel.getByRole('button', { name: 'Save' }).click();
  await panel.getByText(/Priya Push \(AGPUSH lead\) edited \(due date\)/).waitFor();

  const found = await open(
    `/issues?jql=${encodeURIComponent('labels = tech-debt-agreement AND debtAgreementState = open ORDER BY key ASC')}`,
    'pushLead',
  );
  const results = found.getByRole('table', { name: 'Search results' });
  await expect(results.getByRole('link', { name: 'AGPUSH-63' }).isVisible()).resolves.toBe(true);
  await expect(results.getByRole('link').allTextContents()).resolves.toEqual([
    'AGPUSH-60',
    'AGPUSH-61',
    'AGPUSH-63',
    'AGPUSH-66',
    'AGPUSH-70',
  ]);

  await panel.getByLabel('Note for the history (optional)').fill('Reviewed in the flow review');
  await panel.getByRole('button', { name: 'Mark reviewed' }).click();
  await panel.getByText(/reviewed it — Reviewed in the flow review/).waitFor();
  await panel.getByRole('button', { name: 'Mark repaid' }).click();
  // No repayment item is recorded under the epic: marking it repaid asks first.
  const confirm = panel.getByRole('dialog');
  await confirm.getByText(/No repayment item is recorded under this epic/).waitFor();
  await confirm.getByRole('button', { name: 'Mark repaid' }).click();
  await panel.getByText('Repaid', { exact: true }).waitFor();
  await shot(epic, 'agreement-panel');

  const project = await open('/projects/AGPUSH/flow', 'pushLead');
  const page = project.frameLocator('iframe[data-frame="flow"]');
  await page.getByRole('tab', { name: 'Debt agreements' }).click();
  const register = page.getByRole('table', { name: /agreements, ranked/ });
  await register.getByRole('link', { name: 'AGPUSH-63' }).waitFor();
  const rows = await register.locator('tbody tr').allTextContents();
  expect(rows[0]).toMatch(/^1AGPUSH-66/); // overdue first
  expect(rows.find((r) => r.includes('AGPUSH-63'))).toContain('Repaid');
  await expect(page.getByText('Minimum payments', { exact: true }).isVisible()).resolves.toBe(true);
  await shot(project, 'register');

  const dashboard = await open('/dashboard', 'pushLead');
  const gadget = dashboard.frameLocator('iframe[data-frame="agreements-gadget"]');
  await gadget.getByText('AGPUSH: 8 agreements, 1 overdue', { exact: false }).waitFor();
  await expect(gadget.getByRole('link', { name: 'AGPUSH-63' }).isVisible()).resolves.toBe(true);
  await shot(dashboard, 'dashboard');
});

test('the daily refresh, run on demand, leaves plain JQL finding exactly the overdue agreements', async () => {
  const jql = 'debtAgreementStatus = overdue';
  // A reader of a space may search, not run the app's trigger.
  const reader = await open(`/issues?jql=${encodeURIComponent(jql)}`, 'viewer');
  await reader.getByText('Only a Jira administrator may run it here.').waitFor();
  await expect(reader.getByRole('button', { name: 'Run the daily refresh now' }).count()).resolves.toBe(0);
  const search = await open(`/issues?jql=${encodeURIComponent(jql)}`, 'admin');
  await search.getByRole('button', { name: 'Run the daily refresh now' }).click();
  await search
    .getByText(
      /Last run: refresh-agreements: scanned \d+, refreshed \d+, unchanged \d+, skipped \d+, queued 0, failed 0/,
    )
    .waitFor();
  const results = search.getByRole('table', { name: 'Search results' });
  await expect(results.getByRole('link').allTextContents()).resolves.toEqual(['AGPUSH-66']);
});

test('settings: a reader sees them read-only; the lead widens the debt target and the page follows', async () => {
  const viewer = await open('/projects/AGPUSH/settings/flow', 'viewer');
  const readOnly = viewer.frameLocator('iframe[data-frame="settings"]');
  await readOnly
    .getByText('Only administrators of the space AGPUSH can change them; ask one of them.', { exact: false })
    .waitFor();
  await expect(readOnly.getByRole('button', { name: 'Save' }).isDisabled()).resolves.toBe(true);
  await expect(readOnly.getByLabel('Waiting words (comma-separated)').isDisabled()).resolves.toBe(true);

  // The project's statuses, and what each counts as: a pull request waiting for review is active.
  const statuses = readOnly.getByRole('table', { name: 'Statuses' });
  await expect(
    statuses.getByRole('row').filter({ hasText: 'Pull Request Sent' }).getByRole('cell').nth(1).textContent(),
  ).resolves.toBe('Active');

  const lead = await open('/projects/AGPUSH/settings/flow', 'pushLead');
  const form = lead.frameLocator('iframe[data-frame="settings"]');
  const max = form.getByLabel('Debts at most (%)');
  await max.waitFor();
  await max.fill('25');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Saved.', { exact: true }).waitFor();
  await shot(lead, 'settings-page');

  const flow = await open('/projects/AGPUSH/flow', 'pushLead');
  const app = flow.frameLocator('iframe[data-frame="flow"]');
  await app
    .getByText("21% of completed work against the team's target of 10%–25%", { exact: false })
    .waitFor();
  await expect(app.getByText('Debts are above their target').count()).resolves.toBe(0);
});

test('the dashboard gadget shows a project, and its edit view changes which', async () => {
  const page = await open('/dashboard');
  const gadget = page.frameLocator('iframe[data-frame="gadget"]');
  await gadget.getByText('AeroGear Push, last 12 weeks', { exact: false }).waitFor();
  await shot(page, 'gadget');
  await page.getByRole('link', { name: 'Edit Flow distribution' }).click();
  const edit = page.frameLocator('iframe[data-frame="gadget-edit"]');
  await edit.getByLabel('Space').click();
  await edit.getByText('Alloy (ALOY)', { exact: true }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  await page
    .frameLocator('iframe[data-frame="gadget"]')
    .getByText('Alloy, last 12 weeks', { exact: false })
    .waitFor();

  // Cancel leaves it as saved; the windows offered are the project page's.
  await page.getByRole('link', { name: 'Edit Flow distribution' }).click();
  const again = page.frameLocator('iframe[data-frame="gadget-edit"]');
  await again.getByLabel('Window').click();
  await expect(again.getByText(/^Last \d+ weeks$/).allTextContents()).resolves.toEqual([
    'Last 12 weeks',
    'Last 4 weeks',
    'Last 12 weeks',
    'Last 26 weeks',
    'Last 52 weeks',
  ]);
  await again.getByText('Last 4 weeks', { exact: true }).click();
  await again.getByRole('button', { name: 'Cancel' }).click();
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
    const r = await fetch(`${session.base}/rest/api/3/search/approximate-count`, {
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
  // The two pages answered 404, as Jira does for what a user may not see: Chromium logs each.
  expect(session.problems).toEqual([
    expect.stringMatching(/^\/projects\/AGPUSH\/flow: console: Failed to load resource: .* 404/),
    expect.stringMatching(/^\/browse\/AGPUSH-6: console: Failed to load resource: .* 404/),
  ]);
  session.problems.splice(0);
});

test('the project page has no serious accessibility violations', async () => {
  const page = await open('/projects/AGPUSH/flow');
  await page.frameLocator('iframe[data-frame="flow"]').getByText('176 work items read').waitFor();
  // The frame's content is checked, not only the host page.
  await expect(seriousViolations(page, 'flow')).resolves.toEqual({ serious: [], checkedFrame: true });
});

test('the agreement panel, its form and the register have no serious accessibility violations', async () => {
  const epic = await open('/browse/AGPUSH-70', 'pushLead');
  const panel = epic.frameLocator('iframe[data-frame="agreement"]');
  await panel.getByText('On track', { exact: true }).waitFor();
  await expect(seriousViolations(epic, 'agreement')).resolves.toEqual({ serious: [], checkedFrame: true });
  await panel.getByRole('button', { name: 'Edit' }).click();
  await panel.getByLabel('Impact (required)').waitFor();
  await expect(seriousViolations(epic, 'agreement')).resolves.toEqual({ serious: [], checkedFrame: true });

  const project = await open('/projects/AGPUSH/flow', 'pushLead');
  const page = project.frameLocator('iframe[data-frame="flow"]');
  await page.getByRole('tab', { name: 'Debt agreements' }).click();
  await page.getByRole('table', { name: /agreements, ranked/ }).waitFor();
  await expect(seriousViolations(project, 'flow')).resolves.toEqual({ serious: [], checkedFrame: true });
});

test("Jira's dark theme reaches every frame, at once and on the next page, with no serious violations", async () => {
  const page = await open('/projects/AGPUSH/flow');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByText('176 work items read').waitFor();
  await expect(frameTheme(page, 'flow')).resolves.toEqual({ mode: 'light', dark: false });
  // Switched in the host, the open frame follows without a reload, as view.theme.enable() promises.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(settled(() => frameTheme(page, 'flow'), DARK)).resolves.toEqual(DARK);
  await expect(seriousViolations(page, 'flow')).resolves.toEqual({ serious: [], checkedFrame: true });
  await shot(page, 'project-page-dark');

  const epic = await open('/browse/AGPUSH-66');
  await epic.frameLocator('iframe[data-frame="agreement"]').getByText('Overdue', { exact: true }).waitFor();
  await expect(settled(() => frameTheme(epic, 'flow'), DARK)).resolves.toEqual(DARK);
  await expect(settled(() => frameTheme(epic, 'agreement'), DARK)).resolves.toEqual(DARK);
  await expect(seriousViolations(epic, 'agreement')).resolves.toEqual({ serious: [], checkedFrame: true });
  await expect(seriousViolations(epic, 'flow')).resolves.toEqual({ serious: [], checkedFrame: true });
  await shot(epic, 'epic-dark');

  const settings = await open('/projects/AGPUSH/settings/flow');
  await settings.frameLocator('iframe[data-frame="settings"]').getByRole('table').first().waitFor();
  await expect(settled(() => frameTheme(settings, 'settings'), DARK)).resolves.toEqual(DARK);
  await expect(seriousViolations(settings, 'settings')).resolves.toEqual({ serious: [], checkedFrame: true });
  await shot(settings, 'settings-dark');

  const dashboard = await open('/dashboard');
  await dashboard.frameLocator('iframe[data-frame="gadget"]').getByRole('img').first().waitFor();
  await expect(settled(() => frameTheme(dashboard, 'gadget'), DARK)).resolves.toEqual(DARK);
  await expect(seriousViolations(dashboard, 'gadget')).resolves.toEqual({ serious: [], checkedFrame: true });
  await shot(dashboard, 'dashboard-dark');
});

test('by keyboard alone: focus is visible, and a work item link opens its work item', async () => {
  const page = await open('/projects/AGPUSH/flow');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByText('176 work items read').waitFor();
  await app.getByRole('tab', { name: 'Flow' }).focus();
  let focused = '';
  for (let i = 0; i < 200 && focused !== 'AGPUSH-6'; i++) {
    await page.keyboard.press('Tab');
    focused = await app
      .locator(':focus')
      .evaluate((e) => e.textContent)
      .catch(() => '');
  }
  expect(focused).toBe('AGPUSH-6');
  const outline = await app.locator(':focus').evaluate((e) => {
    const style = getComputedStyle(e);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(outline.style).not.toBe('none');
  expect(outline.width).toBeGreaterThan(0);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/browse\/AGPUSH-6$/);
  await expect(page.getByRole('heading', { name: 'Add SockJS support' }).isVisible()).resolves.toBe(true);
});

test('every count opens its work items: the debt count of the distribution lists the 14 debts, each a link', async () => {
  const page = await open('/projects/AGPUSH/flow');
  const app = page.frameLocator('iframe[data-frame="flow"]');
  await app.getByText('176 work items read').waitFor();
  // The daily load: one band per type over the window, ending on the load at its end.
  await expect(
    app
      .getByRole('img', {
        name: /^Flow load per day from 2013-05-10 to 2013-08-01: 4 in progress at the end/,
      })
      .isVisible(),
  ).resolves.toBe(true);
  // The cumulative flow: its in-progress bands end on the load, 3 active and 1 waiting.
  await expect(
    app
      .getByRole('img', {
        name: /^Cumulative flow from 2013-05-10 to 2013-08-01: at the end done \d+, waiting 1, active 3, not started \d+$/,
      })
      .isVisible(),
  ).resolves.toBe(true);
  // Each period's mix as a bar of 100 %, whether debt keeps its place week after week.
  const share = app.getByRole('img', { name: /^Share of completed work per week: 2013-05-13: Features 75%/ });
  await expect(share.isVisible()).resolves.toBe(true);
  await expect(share.getAttribute('aria-label')).resolves.toMatch(
    /2013-07-22: Features \d+%, Defects \d+%, Risks 0%, Debts \d+%/,
  );
  await app.getByRole('button', { name: '14 debts completed: list them' }).click();
  // The list opens in the host's modal (Forge's Modal), over the page, not inside the tall frame.
  const modal = page.frameLocator('iframe[data-frame="modal"]');
  await modal.getByRole('heading', { name: 'Debts: completed (14)' }).waitFor();
  // One dialog for one click: the page behind re-renders while it is open, and must not open another.
  await expect(page.getByRole('dialog').count()).resolves.toBe(1);
  const list = modal.getByRole('table', { name: 'Debts: completed' });
  await expect(list.locator('tbody tr').count()).resolves.toBe(14);
  await expect(list.getByText('Debt', { exact: true }).count()).resolves.toBe(14);
  await shot(page, 'drill-down');
  await modal.getByRole('button', { name: 'Close' }).click();
  // The frame asks the host to close it (a message, as in Jira): gone once the host has read it.
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  // Flow load: the items in progress at the end of the window, the first of them opens in Jira.
  await app.getByRole('button', { name: '4 items: flow load: list them' }).click();
  const inProgress = page
    .frameLocator('iframe[data-frame="modal"]')
    .getByRole('table', { name: "In progress at the window's end" });
  await inProgress.waitFor();
  await expect(inProgress.locator('tbody tr').count()).resolves.toBe(4);
  const first = (await inProgress.getByRole('link').first().textContent()) ?? '';
  await inProgress.getByRole('link').first().click();
  await page.waitForURL(new RegExp(`/browse/${first}$`));
});

test('a gadget reloads when asked and keeps the interval its edit view saved; Cancel keeps what was saved', async () => {
  const page = await open('/dashboard');
  const host = page.locator('iframe[data-frame="agreements-gadget"]');
  const gadget = page.frameLocator('iframe[data-frame="agreements-gadget"]');
  await gadget.getByRole('table').waitFor();
  await expect(host.getAttribute('data-refresh-minutes')).resolves.toBeNull();

  await page.getByRole('link', { name: 'Edit Technical debt agreements' }).click();
  const edit = page.frameLocator('iframe[data-frame="agreements-gadget-edit"]');
  await edit.getByLabel('Refresh').click();
  await edit.getByText('Every 15 minutes', { exact: true }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  await gadget.getByRole('table').waitFor();
  await expect(host.getAttribute('data-refresh-minutes')).resolves.toBe('15');

  // Asked from the dashboard, the frame loads afresh: what the old document held is gone.
  const frame = await (await host.elementHandle()).contentFrame();
  if (!frame) throw new Error('no agreements gadget frame');
  await frame.evaluate(() => {
    document.body.setAttribute('data-before-refresh', 'yes');
  });
  await page.getByRole('button', { name: 'Refresh Technical debt agreements' }).click();
  await expect(host.getAttribute('data-refreshed')).resolves.toBe('1');
  await gadget.getByRole('table').waitFor();
  await expect(gadget.locator('body[data-before-refresh]').count()).resolves.toBe(0);

  // Cancel keeps the interval; Never, saved, takes it away.
  await page.getByRole('link', { name: 'Edit Technical debt agreements' }).click();
  // The edit frame loads after the click: wait for it to show the saved interval, not look at once.
  await edit.getByText('Every 15 minutes', { exact: true }).waitFor();
  await edit.getByLabel('Refresh').click();
  await edit.getByText('Never', { exact: true }).click();
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await gadget.getByRole('table').waitFor();
  await expect(host.getAttribute('data-refresh-minutes')).resolves.toBe('15');
  await page.getByRole('link', { name: 'Edit Technical debt agreements' }).click();
  await edit.getByLabel('Refresh').click();
  await edit.getByText('Never', { exact: true }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  await gadget.getByRole('table').waitFor();
  await expect(host.getAttribute('data-refresh-minutes')).resolves.toBeNull();
});

test('the gadget narrowed by a JQL filter; a filter Jira refuses is said at its field and not saved', async () => {
  const page = await open('/dashboard');
  await page.getByRole('link', { name: 'Edit Flow distribution' }).click();
  const edit = page.frameLocator('iframe[data-frame="gadget-edit"]');
  await edit.getByLabel('Space').click();
  await edit.getByText('AeroGear Push (AGPUSH)', { exact: true }).click();
  await edit.getByLabel('Only the work items matching (JQL, optional)').fill('issuetype = Bug');
  await edit.getByLabel('Show each type against its target').uncheck();
  await edit.getByLabel('Trend').click();
  await edit.getByText('Completed per month', { exact: true }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  const gadget = page.frameLocator('iframe[data-frame="gadget"]');
  await gadget.getByText('work items matching', { exact: false }).waitFor();
  await expect(gadget.locator('code').textContent()).resolves.toBe('issuetype = Bug');
  // Bugs are defects by the demo's rules: the whole completed mix is defects, and no targets show.
  await expect(
    gadget
      .getByRole('img', {
        name: /^Completed: Features 0% \(0\), Defects 100% \(\d+\), Risks 0% \(0\), Debts 0% \(0\)$/,
      })
      .isVisible(),
  ).resolves.toBe(true);
  await expect(gadget.getByRole('list', { name: 'Targets' }).count()).resolves.toBe(0);
  // Grouped by month: the bugs completed in each month of the window.
  await expect(
    gadget.getByRole('img', { name: /^Completed items per month: 2013-05-01: \d+/ }).isVisible(),
  ).resolves.toBe(true);
  await shot(page, 'gadget-filtered');

  await page.getByRole('link', { name: 'Edit Flow distribution' }).click();
  const again = page.frameLocator('iframe[data-frame="gadget-edit"]');
  const filter = again.getByLabel('Only the work items matching (JQL, optional)');
  await expect(filter.inputValue()).resolves.toBe('issuetype = Bug');
  await filter.fill('flavour = vanilla');
  await again.getByRole('button', { name: 'Save' }).click();
  await again.getByText(/^Jira refused it: /).waitFor();
  await expect(page.locator('iframe[data-frame="gadget-edit"]').count()).resolves.toBe(1);
  // Back to the whole space, with its targets, for whatever runs next.
  await filter.fill('');
  await again.getByLabel('Show each type against its target').check();
  await again.getByLabel('Trend').click();
  await again.getByText('No trend', { exact: true }).click();
  await again.getByRole('button', { name: 'Save' }).click();
  await gadget.getByRole('list', { name: 'Targets' }).waitFor();
});

test('the gadget at 400 px, as on a narrow dashboard column, cuts no text', async () => {
  const page = await open('/dashboard');
  // Below 900 px the host's navigation folds above the page: the frame is the page less the
  // main area's padding and the card's.
  await page.setViewportSize({ width: 400 + 24 + 34, height: 900 });
  const gadget = page.frameLocator('iframe[data-frame="gadget"]');
  await gadget.getByText('AeroGear Push, last 12 weeks', { exact: false }).waitFor();
  const frame = await (await page.locator('iframe[data-frame="gadget"]').elementHandle()).contentFrame();
  if (!frame) throw new Error('no gadget frame');
  const fit = await frame.evaluate(() => ({
    width: document.documentElement.clientWidth,
    overflowing: [...document.querySelectorAll('body *')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'hidden')
      .map((e) => e.tagName.toLowerCase() + e.textContent.slice(0, 30)),
    pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
  }));
  expect(fit.width).toBeLessThanOrEqual(420);
  expect(fit).toMatchObject({ overflowing: [], pageScrolls: false });
  await shot(page, 'gadget-400');
});

test('the issue panel, the settings and both gadgets have no serious accessibility violations', async () => {
  const issue = await open('/browse/AGPUSH-6');
  await issue.frameLocator('iframe[data-frame="flow"]').getByText('Waiting', { exact: true }).waitFor();
  await expect(seriousViolations(issue, 'flow')).resolves.toEqual({ serious: [], checkedFrame: true });
  const settings = await open('/projects/AGPUSH/settings/flow');
  await settings
    .frameLocator('iframe[data-frame="settings"]')
    .getByText(/^With these rules/)
    .waitFor();
  await expect(seriousViolations(settings, 'settings')).resolves.toEqual({ serious: [], checkedFrame: true });
  const dashboard = await open('/dashboard');
  await dashboard.frameLocator('iframe[data-frame="gadget"]').getByRole('img').first().waitFor();
  await dashboard.frameLocator('iframe[data-frame="agreements-gadget"]').getByRole('table').waitFor();
  await expect(seriousViolations(dashboard, 'gadget')).resolves.toEqual({ serious: [], checkedFrame: true });
  await expect(seriousViolations(dashboard, 'agreements-gadget')).resolves.toEqual({
    serious: [],
    checkedFrame: true,
  });
});

test('a page of another origin in the same browser changes nothing through the preview', async () => {
  const admin = await previewSession(session.base, USERS.admin);
  const gadgetFrame = async (): Promise<string> => {
    const html = (
      await raw(session.base, { path: '/dashboard', headers: { cookie: admin.headers.cookie ?? '' } })
    ).body;
    return /data-frame="gadget"[\s\S]*?src="([^"]*)"/.exec(html)?.[1] ?? 'none';
  };
  const gadgetBefore = await gadgetFrame();
  const before = await Promise.all([
    invokeThrough(session.base, admin, 'getAgreement', { issueKey: 'AGPUSH-66' }),
    invokeThrough(session.base, admin, 'getSettings', { projectKey: 'AGPUSH' }),
  ]);
  const revision = Number((/"revision":(\d+)/.exec(JSON.stringify(before[0].body)) ?? [])[1]);
  // Another port of 127.0.0.1 is another origin but the same site: the chosen user's cookie goes
  // along with its requests, so only the preview's own checks stand in their way.
  const evil = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>Elsewhere</title>
      <form id="gadget" method="post" action="${session.base}/__preview/gadgets/flow-1" enctype="text/plain">
        <input name='{"projectKey":"ALOY","weeks":4,"x":"' value='"}'>
      </form>
      <script>
        const call = (functionKey, payload) => fetch('${session.base}/__forge/invoke', { method: 'POST', mode: 'no-cors',
          credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ functionKey, payload }) });
        Promise.allSettled([
          call('deleteAgreement', { issueKey: 'AGPUSH-66', revision: ${revision}, writeId: 'attack-0000000001', confirm: true }),
          call('saveSettings', { projectKey: 'AGPUSH', revision: 0, settings: { trendPeriod: 'month' } }),
        ]).then(() => { document.title = 'sent'; document.getElementById('gadget').submit(); });
      </script>`);
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  const address = evil.address();
  const evilUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
  try {
    await open('/dashboard', 'admin');
    const page = await session.context.newPage();
    await page.goto(evilUrl);
    await page.waitForURL(`${session.base}/__preview/gadgets/flow-1`);
    await expect(page.textContent('body')).resolves.toContain('accepted only from the preview');
  } finally {
    await new Promise((resolve) => evil.close(resolve));
  }
  const after = await Promise.all([
    invokeThrough(session.base, admin, 'getAgreement', { issueKey: 'AGPUSH-66' }),
    invokeThrough(session.base, admin, 'getSettings', { projectKey: 'AGPUSH' }),
  ]);
  // What is stored, not when it was read: the preview's clock moves on.
  const stored = (answers: typeof before) =>
    answers.map((a) => JSON.stringify(a.body).replace(/"asOf":"[^"]*"/g, ''));
  expect(stored(after)).toEqual(stored(before));
  expect(await gadgetFrame()).toBe(gadgetBefore);
});

test('a gadget set on a space its viewer may not see says so in the app words, and how to change it', async () => {
  const admin = await previewSession(session.base, USERS.admin);
  const configure = (id: string, config: unknown) =>
    raw(session.base, {
      method: 'POST',
      path: `/__preview/gadgets/${id}`,
      headers: admin.headers,
      body: JSON.stringify(config),
    });
  expect(
    (await configure('flow-1', { projectKey: 'AGPUSH', weeks: 12, filter: 'labels = refactoring' })).status,
  ).toBe(200);
  expect((await configure('agreements-1', { projectKeys: ['AGPUSH'] })).status).toBe(200);
  const page = await open('/dashboard', 'alloyDev');
  for (const frame of ['gadget', 'agreements-gadget']) {
    const gadget = page.frameLocator(`iframe[data-frame="${frame}"]`);
    await gadget.getByText('This gadget shows a space you cannot see').waitFor();
    await expect(
      gadget.getByText('No space AGPUSH exists, or you may not see it.').isVisible(),
    ).resolves.toBe(true);
    await expect(gadget.getByText(/Choose Edit in this gadget's menu/).isVisible()).resolves.toBe(true);
  }
  await shot(page, 'gadget-space-not-visible');
});

for (const width of [1280, 800, 600])
  for (const theme of ['light', 'dark'] as const)
    test(`a count low on the page opens its list in view, scrolling inside, at ${width} px, ${theme}`, async () => {
      await session.context.addCookies([{ name: 'flow_ledger_theme', value: theme, url: session.base }]);
      const page = await open('/projects/AGPUSH/flow');
      await page.setViewportSize({ width, height: 700 });
      const app = page.frameLocator('iframe[data-frame="flow"]');
      await app.getByText('176 work items read').waitFor();
      // A count far down the tall frame: the lead-time table's completed items, all 66 of them.
      const low = app.getByRole('button', { name: /^66 items: all, lead time/ });
      await low.scrollIntoViewIfNeeded();
      await low.click();
      const dialog = page.getByRole('dialog');
      const modal = page.frameLocator('iframe[data-frame="modal"]');
      await modal.getByRole('table').waitFor();
      const box = await dialog.boundingBox();
      expect(box).not.toBeNull();
      const viewport = page.viewportSize() ?? { width, height: 700 };
      expect({
        top: (box?.y ?? -1) >= 0,
        bottom: (box?.y ?? 0) + (box?.height ?? 0) <= viewport.height,
      }).toEqual({
        top: true,
        bottom: true,
      });
      // Its Close stays in view however long the list; the list scrolls inside the dialog.
      const close = modal.getByRole('button', { name: 'Close' });
      const closeBox = await close.boundingBox();
      expect((closeBox?.y ?? 1e6) + (closeBox?.height ?? 0)).toBeLessThanOrEqual(viewport.height);
      await expect(
        modal
          .getByRole('region', { name: 'Work items' })
          .evaluate((body) => body.scrollHeight > body.clientHeight),
      ).resolves.toBe(true);
      await shot(page, `drill-down-${width}-${theme}`);
      // Close goes through the bridge to the host page, which removes the dialog a moment later.
      await close.click();
      await dialog.waitFor({ state: 'detached' });
    });

for (const width of [1280, 800, 600])
  for (const theme of ['light', 'dark'] as const)
    test(`the register and the agreements gadget fit ${width} px, ${theme}: columns chosen by width`, async () => {
      await session.context.addCookies([{ name: 'flow_ledger_theme', value: theme, url: session.base }]);
      const page = await open('/projects/AGPUSH/flow?tab=agreements');
      await page.setViewportSize({ width, height: 800 });
      const register = page.frameLocator('iframe[data-frame="flow"]');
      const ok = { tableWithinFrame: true, headersOnTwoLinesAtMost: true, buttonsWithinFrame: true };
      const registerFit = await fits(register, 'ranked');
      await shot(page, `register-${width}-${theme}`);
      expect(registerFit).toEqual(ok);
      const admin = await previewSession(session.base, USERS.admin);
      const set = await raw(session.base, {
        method: 'POST',
        path: '/__preview/gadgets/agreements-1',
        headers: admin.headers,
        body: JSON.stringify({ projectKeys: ['AGPUSH'] }),
      });
      expect(set.status).toBe(200);
      const dashboard = await open('/dashboard');
      await dashboard.setViewportSize({ width, height: 800 });
      const gadget = dashboard.frameLocator('iframe[data-frame="agreements-gadget"]');
      expect(await fits(gadget, 'ranked')).toEqual(ok);
      // What a reader of a register looks for first stays, at every width.
      const heads = await gadget.getByRole('table').locator('th').allTextContents();
      for (const head of ['Epic', 'Status', 'Due', 'Repaid', 'Forecast'])
        expect(heads.some((h) => h.startsWith(head))).toBe(true);
      await shot(dashboard, `agreements-gadget-${width}-${theme}`);
    });
