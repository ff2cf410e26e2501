import { fireEvent, render, screen, within } from '@testing-library/react';
import type { RegisterRow, RegisterView } from '../../src/contract';
import { AgreementsGadget } from '../../static/agreements-gadget/src/agreements-gadget';
import { AgreementsGadgetEdit } from '../../static/agreements-gadget-edit/src/agreements-gadget-edit';
import { readAgreementsGadgetConfig } from '../../static/common/gadget-config';
import { columnsFor } from '../../static/common/agreement-register';
import { DebtRegisterTab } from '../../static/project-page/src/debt-register-tab';
import { bridge } from './fake-bridge';

/** The register on the project page and in the agreements gadget, with only the resolver faked. */

const row = (key: string, change: Partial<RegisterRow>): RegisterRow => ({
  key,
  revision: 3,
  summary: `Epic ${key}`,
  projectKey: key.slice(0, key.indexOf('-')),
  status: 'on-track',
  problem: null,
  state: 'open',
  reason: 'deadline',
  interest: 'medium',
  visibility: 'frequent',
  score: null,
  dueDate: '2013-10-31',
  nextReviewDate: '2013-08-19',
  lastReviewedOn: null,
  repaidOn: null,
  owner: { accountId: 'acc-lead', displayName: 'Lee Lead' },
  progress: { done: 1, open: 1 },
  forecast: null,
  evidence: null,
  ...change,
});

const VIEW: RegisterView = {
  projectKeys: ['AGPUSH'],
  rows: [
    row('AGPUSH-66', {
      status: 'overdue',
      interest: 'high',
      dueDate: '2013-07-26',
      forecast: { kind: 'forecast', remaining: 1, weeks: 2, date: '2013-08-15', atRisk: true },
    }),
    row('AGPUSH-70', {}),
    row('AGPUSH-57', {
      status: 'repaid',
      state: 'repaid',
      dueDate: '2013-07-31',
      nextReviewDate: '2013-07-03',
    }),
  ],
  dueForReviewThisWeek: 1,
  ledger: {
    minimum: 0.1,
    periods: [
      { period: '2013-07-22', completed: 22, debt: 3, share: 3 / 22, payment: 'made' },
      { period: '2013-07-29', completed: 0, debt: 0, share: 0, payment: 'nothing-completed' },
    ],
    run: { payment: 'made', periods: 1 },
  },
  ledgerAgreed: true,
  jql: 'project in ("AGPUSH") AND (labels = tech-debt-agreement OR debtAgreementState in (open, repaid, cancelled)) ORDER BY debtAgreementDue ASC',
  from: '2013-05-10',
  to: '2013-08-01',
  asOf: '2013-08-01T00:00:00.000Z',
};

const invoked = (key: string): unknown[] => bridge.invoked(key);

const bodyRows = (): string[] =>
  within(screen.getByRole('table', { name: /ranked/ }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.textContent);

beforeEach(() => {
  bridge.reset();
  // The space has no scrum board: its payments are the periods alone (the sprints' are the Plan tab's test).
  bridge.answerWith((key) =>
    Promise.resolve({ ok: true, data: key === 'listBoards' ? { projectKey: 'AGPUSH', boards: [] } : VIEW }),
  );
});

test('the tab ranks as the server ranked, says what is due, and shows the ledger', async () => {
  render(<DebtRegisterTab projectKey="AGPUSH" />);
  await screen.findByRole('table', { name: /ranked/ });
  expect(invoked('listAgreements')).toEqual([{ projectKeys: ['AGPUSH'] }]);
  expect(bodyRows().map((r) => r.slice(0, 10))).toEqual(['1AGPUSH-66', '2AGPUSH-70', '3AGPUSH-57']);
  // Overdue already: its forecast is the date it is expected by, late, not "at risk".
  expect(bodyRows()[0]).toContain('2013-08-15 late');
  expect(bodyRows()[0]).not.toContain('At risk');
  // A repaid agreement is not reviewed any more.
  expect(bodyRows()[2]).not.toContain('2013-07-03');
  expect(screen.getByText('Due for review this week').parentElement?.textContent).toContain('1');
  expect(
    screen.getByText(
      /The minimum payment the team agreed is 10% of completed work each period.*Made 1 period in a row/,
    ),
  ).toBeTruthy();
  expect(screen.getByText('Nothing completed')).toBeTruthy();
});

test('a space with no saved settings is measured against the default, never told it agreed to it', async () => {
  bridge.answerWith(() =>
    Promise.resolve({
      ok: true,
      data: {
        ...VIEW,
        ledgerAgreed: false,
        ledger: { ...VIEW.ledger, run: { payment: 'missed', periods: 11 } },
      },
    }),
  );
  render(<DebtRegisterTab projectKey="AGPUSH" />);
  await screen.findByRole('table', { name: /ranked/ });
  expect(
    screen.getByText(
      /No minimum payment is agreed yet: .*default of 10%.*Below the default 11 periods in a row/,
    ),
  ).toBeTruthy();
  expect(screen.queryByText(/Missed/)).toBeNull();
  expect(screen.queryByText(/agreed is/)).toBeNull();
});

test('a column sorts on a click, and the status filter keeps only what is chosen', async () => {
  render(<DebtRegisterTab projectKey="AGPUSH" />);
  await screen.findByRole('table', { name: /ranked/ });
  fireEvent.click(screen.getByRole('button', { name: 'Due' }));
  expect(bodyRows().map((r) => r.slice(1, 10))).toEqual(['AGPUSH-66', 'AGPUSH-57', 'AGPUSH-70']);
  fireEvent.keyDown(screen.getByLabelText('Status'), { key: 'ArrowDown' });
  fireEvent.click(await screen.findByText('Repaid', { selector: '[id*="option"]' }));
  expect(bodyRows()).toHaveLength(1);
  expect(bodyRows()[0]).toContain('AGPUSH-57');
});

test('"Open in issue search" opens Jira\'s search with the register\'s JQL', async () => {
  render(<DebtRegisterTab projectKey="AGPUSH" />);
  fireEvent.click(await screen.findByRole('button', { name: 'Open in issue search' }));
  const navigation = bridge.calls.find((c) => c.name === 'navigate');
  expect(JSON.stringify(navigation?.payload)).toContain(`/issues/?jql=${encodeURIComponent(VIEW.jql)}`);
});

test('the gadget lists the spaces and statuses its configuration names', async () => {
  bridge.setContext({
    extension: {
      type: 'jira:dashboardGadget',
      gadgetConfiguration: { projectKeys: ['AGPUSH', 'ALOY'], statuses: ['overdue', 'nonsense'] },
    },
  });
  render(<AgreementsGadget />);
  await screen.findByRole('table', { name: /ranked/ });
  expect(invoked('listAgreements')).toEqual([{ projectKeys: ['AGPUSH', 'ALOY'], statuses: ['overdue'] }]);
  expect(screen.getByText(/3 agreements \(Overdue\), 1 overdue, 1 due for review this week/)).toBeTruthy();
});

test('a gadget not configured yet asks to be edited; a configuration of the wrong shape is none', async () => {
  bridge.setContext({ extension: { type: 'jira:dashboardGadget', gadgetConfiguration: {} } });
  render(<AgreementsGadget />);
  expect(await screen.findByText('Choose the spaces whose technical-debt agreements it lists.')).toBeTruthy();
  expect(invoked('listAgreements')).toEqual([]);
  expect(readAgreementsGadgetConfig({ projectKeys: 'AGPUSH' })).toBeNull();
  expect(readAgreementsGadgetConfig({ projectKeys: [1, ''] })).toBeNull();
  expect(
    readAgreementsGadgetConfig({ projectKeys: Array.from({ length: 12 }, (_, i) => `P${i}`) }),
  ).toMatchObject({
    projectKeys: Array.from({ length: 10 }, (_, i) => `P${i}`),
    statuses: [],
  });
});

test('the gadget edit view saves the chosen spaces and statuses through view.submit', async () => {
  bridge.setContext({
    extension: {
      type: 'jira:dashboardGadget',
      entryPoint: 'edit',
      gadgetConfiguration: { projectKeys: ['AGPUSH'] },
    },
  });
  bridge.answerWith(() =>
    Promise.resolve({
      ok: true,
      data: [
        { id: '1', key: 'AGPUSH', name: 'AeroGear Push' },
        { id: '2', key: 'ALOY', name: 'Alloy' },
      ],
    }),
  );
  render(<AgreementsGadgetEdit />);
  const spaces = await screen.findByLabelText('Spaces (required)');
  fireEvent.keyDown(spaces, { key: 'ArrowDown' });
  fireEvent.click(await screen.findByText('Alloy (ALOY)'));
  fireEvent.keyDown(screen.getByLabelText('Statuses'), { key: 'ArrowDown' });
  fireEvent.click(await screen.findByText('Overdue'));
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  const submitted = bridge.calls.find((c) => c.name === 'submit');
  expect(submitted?.payload).toEqual({ projectKeys: ['AGPUSH', 'ALOY'], statuses: ['overdue'] });

  // Jira reloads the gadget every `refresh` minutes; a gadget left on Never submits no refresh.
  fireEvent.keyDown(screen.getByLabelText('Refresh'), { key: 'ArrowDown' });
  fireEvent.click(await screen.findByText('Every 30 minutes'));
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  const again = bridge.calls.filter((c) => c.name === 'submit').at(-1);
  expect(again?.payload).toEqual({ projectKeys: ['AGPUSH', 'ALOY'], statuses: ['overdue'], refresh: 30 });
  expect(readAgreementsGadgetConfig({ projectKeys: ['AGPUSH'], refresh: 30 })?.refresh).toBe(30);
  expect(readAgreementsGadgetConfig({ projectKeys: ['AGPUSH'], refresh: -5 })?.refresh).toBeNull();
  // Only Jira's own intervals: a value saved by hand reads as "only when asked", as the dashboard takes it.
  expect(readAgreementsGadgetConfig({ projectKeys: ['AGPUSH'], refresh: 35_791 })?.refresh).toBeNull();
});

test('columns are chosen by the width there is: epic and status always, then due, forecast, repaid', () => {
  const keys = (width: number | null, showProject = false): string[] =>
    columnsFor(width, showProject).shown.map((c) => c.key);
  expect(keys(null)).toHaveLength(11);
  expect(keys(520)).toEqual(['epic', 'status', 'due', 'progress', 'forecast']);
  expect(keys(260)).toEqual(['epic', 'status']);
  expect(keys(750)).toEqual(['rank', 'epic', 'status', 'interest', 'due', 'review', 'progress', 'forecast']);
  expect(columnsFor(520, false).hidden.map((c) => c.title)).toContain('WSJF');
  expect(keys(640, true)).toEqual(['rank', 'epic', 'project', 'status', 'due', 'progress', 'forecast']);
});
