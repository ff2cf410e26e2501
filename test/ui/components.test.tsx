import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { MixBar, Outcome } from '../../static/common/components';
import { useCall } from '../../static/common/use-call';
import { bridge } from './fake-bridge';

beforeEach(() => {
  bridge.reset();
});

test('a mix bar describes its figures for screen readers and shows each share', () => {
  render(
    <MixBar
      label="Completed"
      shares={{ feature: 0.75, defect: 0.25, risk: 0, debt: 0 }}
      counts={{ feature: 3, defect: 1, risk: 0, debt: 0 }}
    />,
  );
  expect(
    screen.getByRole('img', {
      name: 'Completed: Features 75% (3), Defects 25% (1), Risks 0% (0), Debts 0% (0)',
    }),
  ).toBeTruthy();
  expect(screen.getByText('Features 75% (3)', { exact: false })).toBeTruthy();
});

test('an empty mix says so', () => {
  render(<MixBar label="In progress" shares={{ feature: 0, defect: 0, risk: 0, debt: 0 }} />);
  expect(screen.getByRole('img', { name: 'In progress: no items' })).toBeTruthy();
});

function IssueKey({ issueKey }: { issueKey: string }): ReactNode {
  const { state } = useCall('getIssueFlow', { issueKey });
  return (
    <Outcome state={state} loading="Reading…">
      {(view) => <p>flow of {view.issue.key}</p>}
    </Outcome>
  );
}

test('a call shows a spinner, then the content, through the real @forge/bridge invoke', async () => {
  let resolve: (v: unknown) => void = () => undefined;
  bridge.answerWith(
    () =>
      new Promise((r) => {
        resolve = r;
      }),
  );
  render(<IssueKey issueKey="ABC-1" />);
  expect(screen.getByText('Reading…')).toBeTruthy();
  resolve({ ok: true, data: { issue: { key: 'ABC-1' } } });
  await screen.findByText('flow of ABC-1');
  expect(bridge.calls.filter((c) => c.name === 'invoke')).toEqual([
    {
      name: 'invoke',
      payload: expect.objectContaining({ functionKey: 'getIssueFlow', payload: { issueKey: 'ABC-1' } }),
    },
  ]);
});

test.each<[string, () => Promise<unknown>, RegExp]>([
  [
    'a coded error',
    () => Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: 'No issue ABC-1' } }),
    /Not found/,
  ],
  [
    'an answer that is not the envelope',
    () => Promise.resolve({ data: 'surprise' }),
    /Something went wrong in Flow Ledger/,
  ],
  [
    'an unknown error code',
    () => Promise.resolve({ ok: false, error: { code: 'TEAPOT', message: 'x' } }),
    /Something went wrong in Flow Ledger/,
  ],
  ['a failed invocation', () => Promise.reject(new Error('invocation timed out')), /Jira did not answer/],
])('%s is shown in words from the one table', async (_name, answer, words) => {
  bridge.answerWith(answer);
  render(<IssueKey issueKey="ABC-1" />);
  await screen.findByText(words);
});

function Rerender(): ReactNode {
  const [n, setN] = useState(0);
  const { state } = useCall('getSettings', { projectKey: 'ABC' }); // a new object every render, the same value
  return (
    <button
      type="button"
      onClick={() => {
        setN(n + 1);
      }}
    >
      {state.status} {n}
    </button>
  );
}

test('a payload equal by value does not call again on re-render', async () => {
  bridge.answerWith(() => Promise.resolve({ ok: true, data: {} }));
  render(<Rerender />);
  await screen.findByText('done 0');
  fireEvent.click(screen.getByRole('button'));
  await screen.findByText('done 1');
  await waitFor(() => {
    expect(bridge.calls.filter((c) => c.name === 'invoke')).toHaveLength(1);
  });
});
