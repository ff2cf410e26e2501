import Textfield from '@atlaskit/textfield';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MutationFailure } from '../../static/common/error-panel';
import { callEarly, startEarly } from '../../static/common/early-start';
import { FormField } from '../../static/common/form-field';
import { useCall } from '../../static/common/use-call';
import { useMutation } from '../../static/common/use-mutation';
import { WithSurfaceKey } from '../../static/common/use-surface';
import { bridge } from './fake-bridge';

/** The shared pieces every surface builds on, against the real @forge/bridge. */

beforeEach(() => {
  bridge.reset();
});

describe('the surface context', () => {
  test('gives the key of the context to what it wraps', async () => {
    bridge.setContext({ extension: { project: { key: 'AGPUSH' } } });
    render(<WithSurfaceKey needs="project">{(key) => <p>project {key}</p>}</WithSurfaceKey>);
    expect(await screen.findByText('project AGPUSH')).toBeTruthy();
  });

  test('a surface opened where there is no project says so, instead of spinning for ever', async () => {
    bridge.setContext({ extension: { type: 'jira:dashboardGadget' } });
    render(<WithSurfaceKey needs="project">{(key) => <p>project {key}</p>}</WithSurfaceKey>);
    expect(await screen.findByText(/opened outside a space \(project\)/)).toBeTruthy();
  });

  test('a context that cannot be read is an error, not a spinner', async () => {
    bridge.failContext(new Error('The host did not answer getContext.'));
    render(<WithSurfaceKey needs="issue">{(key) => <p>issue {key}</p>}</WithSurfaceKey>);
    expect(await screen.findByText('The host did not answer getContext.')).toBeTruthy();
  });
});

test('a labelled field ties its label, help and error to its control', () => {
  render(
    <FormField id="due" label="Due date" required helper="When it will be repaid." error="A date, please.">
      {(control) => <Textfield {...control} />}
    </FormField>,
  );
  const input = screen.getByLabelText('Due date (required)');
  expect(input.getAttribute('aria-describedby')).toBe('due-helper due-error');
  expect(input.getAttribute('aria-invalid')).toBe('true');
  expect(document.getElementById('due-error')?.textContent).toBe('A date, please.');
});

function SaveButton({ onReload }: { onReload: () => void }): ReactNode {
  const save = useMutation('saveSettings');
  return (
    <>
      <button onClick={() => void save.run({ projectKey: 'AGPUSH', revision: 1, settings: {} })}>Save</button>
      {save.state.status === 'failed' && <MutationFailure error={save.state.error} onReload={onReload} />}
      <output>{JSON.stringify(save.fieldErrors)}</output>
    </>
  );
}

test('a mutation that meets a conflict offers to reload; field errors are kept for the form', async () => {
  const reloads: number[] = [];
  bridge.answerWith(() =>
    Promise.resolve({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'Ada Admin saved first.',
        fields: { 'settings.timeZone': 'not a zone' },
      },
    }),
  );
  render(<SaveButton onReload={() => reloads.push(1)} />);
  fireEvent.click(screen.getByText('Save'));
  fireEvent.click(await screen.findByRole('button', { name: 'Reload' }));
  expect(reloads).toEqual([1]);
  expect(screen.getByText('Ada Admin saved first.')).toBeTruthy();
  expect(screen.getByText('{"settings.timeZone":"not a zone"}')).toBeTruthy();
});

function IssueName({ issueKey }: { issueKey: string }): ReactNode {
  const { state } = useCall('getIssueFlow', { issueKey });
  return <p>{state.status === 'done' && state.result.ok ? state.result.data.issue.summary : 'loading'}</p>;
}

describe('the first call, started before the app', () => {
  test('is the answer of the first render that asks the same, and is asked once', async () => {
    bridge.setContext({ extension: { issue: { key: 'AGPUSH-179' } } });
    bridge.answerWith(() =>
      Promise.resolve({ ok: true, data: { issue: { summary: 'Add Certificate validation' } } }),
    );
    startEarly((context) => {
      if (context.issueKey !== null) callEarly('getIssueFlow', { issueKey: context.issueKey });
    });
    render(<WithSurfaceKey needs="issue">{(key) => <IssueName issueKey={key} />}</WithSurfaceKey>);
    expect(await screen.findByText('Add Certificate validation')).toBeTruthy();
    expect(bridge.invoked('getIssueFlow')).toEqual([{ issueKey: 'AGPUSH-179' }]);
    expect(bridge.calls.filter((c) => c.name === 'getContext')).toHaveLength(1);
  });

  test('is not the answer to another payload, nor to a second render', async () => {
    let asked = 0;
    bridge.answerWith((_key, payload) => {
      asked += 1;
      const issueKey =
        typeof payload === 'object' && payload !== null && 'issueKey' in payload ? payload.issueKey : '';
      return Promise.resolve({
        ok: true,
        data: { issue: { summary: `${String(issueKey)} answer ${asked}` } },
      });
    });
    callEarly('getIssueFlow', { issueKey: 'AGPUSH-6' });
    render(<IssueName issueKey="AGPUSH-179" />);
    expect(await screen.findByText('AGPUSH-179 answer 2')).toBeTruthy();
    cleanup();
    render(<IssueName issueKey="AGPUSH-6" />);
    expect(await screen.findByText('AGPUSH-6 answer 1')).toBeTruthy();
    cleanup();
    render(<IssueName issueKey="AGPUSH-6" />);
    expect(await screen.findByText('AGPUSH-6 answer 3')).toBeTruthy();
  });
});
