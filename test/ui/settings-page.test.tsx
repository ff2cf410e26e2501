import { fireEvent, render, screen } from '@testing-library/react';
import type { SettingsView } from '../../src/contract';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { SettingsPage } from '../../static/settings-page/src/settings-page';
import { bridge } from './fake-bridge';

/** The settings page against the real @forge/bridge, with only the resolver's answers faked. */

const loaded: SettingsView = {
  projectKey: 'AGPUSH',
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

const invoked = (key: string): unknown[] =>
  bridge.calls.flatMap((c) => {
    const payload: unknown = c.payload;
    if (c.name !== 'invoke' || typeof payload !== 'object' || payload === null) return [];
    return 'functionKey' in payload && payload.functionKey === key && 'payload' in payload
      ? [payload.payload]
      : [];
  });

test('a target that does not parse is shown at its field, and nothing is saved', async () => {
  bridge.answerWith((key) =>
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
  bridge.answerWith((key) =>
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
  bridge.answerWith((key) =>
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
