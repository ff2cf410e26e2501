import { fireEvent, render, screen, within } from '@testing-library/react';
import type { SettingsView, TypeSampleView } from '../../src/contract';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { SettingsPage } from '../../static/settings-page/src/settings-page';
import { bridge } from './fake-bridge';

/** The settings page against the real @forge/bridge, with only the resolver's answers faked. */

// AGPUSH's statuses as its issues carry them (demo/agpush.jsonl.gz).
const AGPUSH_STATUSES: SettingsView['statuses'] = [
  { id: '1', name: 'Open', category: 'new' },
  { id: '3', name: 'Coding In Progress', category: 'indeterminate' },
  { id: '10011', name: 'Pull Request Sent', category: 'indeterminate' },
  { id: '4', name: 'Reopened', category: 'new' },
  { id: '5', name: 'Resolved', category: 'done' },
  { id: '6', name: 'Closed', category: 'done' },
];

const loaded: SettingsView = {
  projectKey: 'AGPUSH',
  statuses: AGPUSH_STATUSES,
  settings: DEFAULT_SETTINGS,
  revision: 2,
  isDefault: false,
  canEdit: true,
  updatedAt: '2013-09-01T10:00:00.000Z',
  updatedBy: 'acc-lead',
  updatedByName: 'Lee Lead',
  storedSettingsProblem: null,
};

beforeEach(() => {
  bridge.reset();
  bridge.setContext({ extension: { type: 'jira:projectSettingsPage', project: { key: 'AGPUSH' } } });
});

const invoked = (key: string): unknown[] => bridge.invoked(key);

// AGPUSH's work items of twelve weeks, folded by issue type and labels as getTypeSample answers.
const SAMPLE: TypeSampleView = {
  project: { id: '10010', key: 'AGPUSH', name: 'AeroGear Push' },
  from: '2013-05-10',
  to: '2013-08-01',
  kinds: [
    { issueType: { name: 'Feature Request', hierarchyLevel: 0 }, labels: [], count: 60 },
    { issueType: { name: 'Sub-task', hierarchyLevel: -1 }, labels: [], count: 51 },
    { issueType: { name: 'Bug', hierarchyLevel: 0 }, labels: [], count: 13 },
    { issueType: { name: 'Task', hierarchyLevel: 0 }, labels: ['refactoring'], count: 9 },
    { issueType: { name: 'Feature Request', hierarchyLevel: 0 }, labels: ['rh_ups'], count: 5 },
  ],
};

/** The page's resolvers: the rule preview's sample, and `rest` for every other key. */
function answerWith(rest: (key: string, payload: unknown) => Promise<unknown>): void {
  bridge.answerWith((key, payload) =>
    key === 'getTypeSample' ? Promise.resolve({ ok: true, data: SAMPLE }) : rest(key, payload),
  );
}

test('a target that does not parse is shown at its field, and nothing is saved', async () => {
  answerWith((key) =>
    Promise.resolve(key === 'getSettings' ? { ok: true, data: loaded } : { ok: true, data: loaded }),
  );
  render(<SettingsPage />);
  await screen.findByText(/by Lee Lead \(revision 2\)/);
  const atLeast = screen.getByLabelText('Debts at least (%)');
  fireEvent.change(atLeast, { target: { value: 'abc' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  expect(await screen.findByText(/^Enter a percentage from 0 to 100/)).toBeTruthy();
  expect(screen.getByRole('alert').textContent).toMatch(/Nothing was saved: 1 field needs a look/);
  expect(atLeast.getAttribute('aria-describedby')).toBe('target-debt-min-error');
  expect(invoked('saveSettings')).toEqual([]);
  expect(screen.queryByText('Saved.')).toBeNull();
});

test('targets are typed in percent and sent as fractions', async () => {
  answerWith((key) =>
    Promise.resolve({ ok: true, data: key === 'saveSettings' ? { ...loaded, revision: 3 } : loaded }),
  );
  render(<SettingsPage />);
  await screen.findByText(/revision 2/);
  expect(screen.getByLabelText<HTMLInputElement>('Debts at least (%)').value).toBe('10');
  fireEvent.change(screen.getByLabelText('Debts at least (%)'), { target: { value: '15' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await screen.findByText('Saved.');
  expect(invoked('saveSettings')).toEqual([
    expect.objectContaining({
      revision: 2,
      settings: expect.objectContaining({ targets: { debt: { min: 0.15, max: 0.2 } } }),
    }),
  ]);
});

test('a conflict names the person and offers to reload', async () => {
  answerWith((key) =>
    Promise.resolve(
      key === 'saveSettings'
        ? {
            ok: false,
            error: {
              code: 'CONFLICT',
              message:
                'Ada Admin saved these settings at 2013-09-02 09:00 UTC, after you opened them (revision 3, you edited 2). Reload to see their changes, then make yours again.',
            },
          }
        : { ok: true, data: loaded },
    ),
  );
  render(<SettingsPage />);
  await screen.findByText(/revision 2/);
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  expect(await screen.findByText(/^Ada Admin saved these settings/)).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
});

test('the statuses of the workflows: each with its category and what it counts as; one pinned from a list', async () => {
  answerWith((key) =>
    Promise.resolve({ ok: true, data: key === 'saveSettings' ? { ...loaded, revision: 3 } : loaded }),
  );
  render(<SettingsPage />);
  await screen.findByText(/revision 2/);
  const table = screen.getByRole('table', { name: 'Statuses' });
  const row = (name: string): HTMLElement => {
    const header = within(table).getByRole('rowheader', { name });
    const tr = header.closest('tr');
    if (tr === null) throw new Error(`no row for ${name}`);
    return tr;
  };
  const cells = (name: string): string[] =>
    within(row(name))
      .getAllByRole('cell')
      .map((c) => c.textContent);
  expect(
    within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent),
  ).toEqual(['Status', 'Jira category', 'Counts as', 'Pinned to']);
  // Why AGPUSH's efficiency is high: a pull request waiting for review counts as active work.
  expect(cells('Pull Request Sent').slice(0, 2)).toEqual(['In Progress', 'Active']);
  expect(cells('Reopened').slice(0, 2)).toEqual(['To Do', 'New (not started)']);
  expect(cells('Closed').slice(0, 2)).toEqual(['Done', 'Done']);

  const select = within(row('Pull Request Sent')).getByLabelText('Pull Request Sent pinned to');
  fireEvent.keyDown(select, { key: 'ArrowDown' });
  fireEvent.click(await screen.findByText('Waiting', { selector: '[id*="option"]' }));
  expect(cells('Pull Request Sent')[1]).toBe('Waiting (pinned)');
  // Pinned in the table, it is not repeated among the statuses outside the workflows.
  expect(screen.queryByRole('group', { name: 'Status 1' })).toBeNull();

  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await screen.findByText('Saved.');
  expect(invoked('saveSettings')).toEqual([
    expect.objectContaining({
      settings: expect.objectContaining({
        statusOverrides: [{ statusId: '10011', statusName: null, state: 'waiting' }],
      }),
    }),
  ]);
});

test('the rules have column headers, and the preview follows them as they are typed', async () => {
  answerWith(() => Promise.resolve({ ok: true, data: loaded }));
  render(<SettingsPage />);
  const preview = await screen.findByText(
    /^With these rules, the 87 work items from 2013-05-10 to 2013-08-01/,
  );
  // The defaults: Bug is a defect, the refactoring label a debt, the rest features; sub-tasks are not at the level.
  expect(preview.textContent).toContain('Features 65, Defects 13, Risks 0, Debts 9 (65 by default');
  expect(screen.getByText('Any of these labels')).toBeTruthy();
  expect(screen.getByText('Or any of these work types')).toBeTruthy();
  // A label rule typed ahead of the others: five feature requests become risks, with nothing saved.
  const labels = screen.getByLabelText('Rule 1 labels');
  fireEvent.change(labels, { target: { value: `${(labels as HTMLInputElement).value}, RH_UPS` } });
  expect(screen.getByText(/^With these rules/).textContent).toContain(
    'Features 60, Defects 13, Risks 5, Debts 9',
  );
  expect(screen.getByLabelText('Rule 1 decides').textContent).toBe('5');
  expect(invoked('saveSettings')).toEqual([]);
});

describe('edits are never lost silently', () => {
  test('Restore defaults asks first; Keep my edits keeps them; an edit is said to be unsaved until saved', async () => {
    answerWith((key) =>
      Promise.resolve({ ok: true, data: key === 'saveSettings' ? { ...loaded, revision: 3 } : loaded }),
    );
    render(<SettingsPage />);
    const waiting = await screen.findByLabelText('Waiting words (comma-separated)');
    expect(screen.queryByText('Unsaved changes')).toBeNull();
    fireEvent.change(waiting, { target: { value: 'review, blocked, parked' } });
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Restore defaults…' }));
    expect(screen.getByText('Replace every field with the defaults?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Keep my edits' }));
    expect(waiting).toHaveProperty('value', 'review, blocked, parked');
    fireEvent.click(screen.getByRole('button', { name: 'Restore defaults…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Restore defaults' }));
    expect(waiting).not.toHaveProperty('value', 'review, blocked, parked');
    expect(invoked('saveSettings')).toEqual([]);
    fireEvent.change(waiting, { target: { value: 'review, blocked, parked' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(screen.queryByText('Unsaved changes')).toBeNull();
  });

  test('leaving with unsaved edits asks the browser to confirm; with none, it does not', async () => {
    answerWith(() => Promise.resolve({ ok: true, data: loaded }));
    render(<SettingsPage />);
    const waiting = await screen.findByLabelText('Waiting words (comma-separated)');
    const leave = (): boolean => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(leave()).toBe(false);
    fireEvent.change(waiting, { target: { value: 'parked' } });
    expect(leave()).toBe(true);
  });

  test('a holiday that is no date (30 February) is refused at its field, by the rule the server applies', async () => {
    answerWith(() =>
      Promise.resolve({
        ok: true,
        data: {
          ...loaded,
          settings: {
            ...DEFAULT_SETTINGS,
            workingCalendar: { ...DEFAULT_SETTINGS.workingCalendar, enabled: true },
          },
        },
      }),
    );
    render(<SettingsPage />);
    const holidays = await screen.findByLabelText('Holidays (YYYY-MM-DD, comma-separated)');
    fireEvent.change(holidays, { target: { value: '2013-12-25, 2013-02-30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Not a date as YYYY-MM-DD: 2013-02-30')).toBeTruthy();
    expect(invoked('saveSettings')).toEqual([]);
  });

  test('a reader is told who may change the settings, and no field of theirs can be typed in', async () => {
    answerWith(() => Promise.resolve({ ok: true, data: { ...loaded, canEdit: false } }));
    render(<SettingsPage />);
    expect(
      await screen.findByText('Only administrators of the space AGPUSH can change them; ask one of them.'),
    ).toBeTruthy();
    const fields = [...document.querySelectorAll('input[type="text"], input:not([type]), textarea')];
    expect(fields.length).toBeGreaterThan(5);
    expect(
      fields
        .filter((f) => !(f instanceof HTMLInputElement || f instanceof HTMLTextAreaElement) || !f.disabled)
        .map((f) => f.getAttribute('aria-label') ?? f.id),
    ).toEqual([]);
  });
});
