import { fireEvent, render, screen, within } from '@testing-library/react';
import type { AgreementView, AgreementWriteReceipt, AgreementWriteResult } from '../../src/contract';
import type { AgreementTerms, DebtAgreement } from '../../src/domain/agreement';
import { applyAction } from '../../src/domain/agreement-actions';
import { Zone } from '../../src/domain/calendar';
import { AgreementPanel } from '../../static/agreement-panel/src/agreement-panel';
import { SAMPLE_TERMS } from '../support/agreement-terms';
import { bridge } from './fake-bridge';

/** The epic's agreement panel against the real @forge/bridge, with only the resolvers' answers faked. */

const NOW = '2024-02-01T10:00:00.000Z';
const TERMS: AgreementTerms = { ...SAMPLE_TERMS, repayment: 'lump-sum', owner: 'acc-lead' };

/** An agreement as the domain records it, so that the panel reads a real record. */
function recorded(): DebtAgreement {
  const r = applyAction(
    null,
    { kind: 'save', terms: TERMS },
    {
      by: 'acc-lead',
      now: Date.parse('2024-01-10T09:00:00Z'),
      zone: new Zone('UTC'),
      writeId: 'w-created',
      writeDigest: 'd-created',
      revision: 1,
    },
  );
  if (!r.ok) throw new Error(r.message);
  return r.agreement;
}

function viewOf(agreement: DebtAgreement | null, change: Partial<AgreementView> = {}): AgreementView {
  return {
    epic: { key: 'AGPUSH-57', summary: 'Push server hardening', projectKey: 'AGPUSH' },
    canEdit: true,
    status: agreement === null ? null : agreement.status,
    problem: null,
    repair: null,
    agreement,
    revision: agreement?.revision ?? 0,
    defaults: { dueDate: '2024-05-01', reviewCadenceDays: 30 },
    owner: agreement === null ? null : { accountId: 'acc-lead', displayName: 'Lee Lead' },
    people: { 'acc-lead': 'Lee Lead' },
    progress: {
      items: [
        { key: 'AGPUSH-58', summary: 'Script the manual step', done: true },
        { key: 'AGPUSH-59', summary: 'Remove the workaround', done: false },
      ],
      done: 1,
      open: 1,
      allDone: false,
    },
    forecast: { kind: 'forecast', remaining: 1, weeks: 3, date: '2024-02-22', atRisk: false },
    evidence: null,
    timeZone: 'UTC',
    asOf: NOW,
    ...change,
  };
}

/** A write's answer: its receipt, and the panel after it (null when that read failed). */
function wrote(
  view: AgreementView | null,
  action: AgreementWriteReceipt['action'] = 'edited',
  viewProblem: string | null = null,
): AgreementWriteResult {
  return {
    written: {
      issueKey: 'AGPUSH-57',
      action,
      revision: view?.revision ?? 1,
      labelled: true,
      repeated: false,
      summary: `Did ${action} (revision ${view?.revision ?? 1}).`,
    },
    view,
    viewProblem,
  };
}

const invoked = (key: string): Record<string, unknown>[] =>
  bridge.invoked(key).flatMap((inner) => (typeof inner === 'object' && inner !== null ? [{ ...inner }] : []));

beforeEach(() => {
  bridge.reset();
  bridge.setContext({ extension: { type: 'jira:issueContext', issue: { key: 'AGPUSH-57' } } });
});

describe('an epic without an agreement', () => {
  test('a required field left empty is shown at the field, and nothing is sent', async () => {
    bridge.answerWith(() => Promise.resolve({ ok: true, data: viewOf(null) }));
    render(<AgreementPanel />);
    fireEvent.click(await screen.findByRole('button', { name: 'Record an agreement' }));
    fireEvent.click(screen.getByRole('button', { name: 'Record the agreement' }));
    expect(await screen.findByText('What the debt costs is required.')).toBeTruthy();
    expect(screen.getByText('Choose how costly it is to carry.')).toBeTruthy();
    expect(screen.getByText('5 fields need a look.')).toBeTruthy();
    expect(invoked('saveAgreement')).toEqual([]);
  });

  test('the form sends the terms a person gave, and shows the agreement it answers', async () => {
    const saved = viewOf(recorded());
    bridge.answerWith((key) =>
      Promise.resolve({ ok: true, data: key === 'saveAgreement' ? wrote(saved, 'created') : viewOf(null) }),
    );
    render(<AgreementPanel />);
    fireEvent.click(await screen.findByRole('button', { name: 'Record an agreement' }));
    fireEvent.change(screen.getByLabelText('Impact (required)'), { target: { value: TERMS.impact } });
    fireEvent.click(screen.getByLabelText('Delivery speed'));
    fireEvent.click(screen.getByLabelText('Medium'));
    fireEvent.click(screen.getByLabelText('Frequent'));
    fireEvent.change(screen.getByLabelText('Business outcome (required)'), {
      target: { value: `  ${TERMS.outcome}\r\n` },
    });
    fireEvent.click(screen.getByLabelText('Lump sum: in one go'));
    fireEvent.change(screen.getByLabelText('Due date'), { target: { value: '2024-03-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record the agreement' }));
    expect(await screen.findByText('On track')).toBeTruthy();
    const [payload] = invoked('saveAgreement');
    expect(payload).toMatchObject({
      issueKey: 'AGPUSH-57',
      revision: 0,
      terms: { ...TERMS, owner: null, outcome: TERMS.outcome },
    });
    expect(payload?.writeId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a reader who may not edit the epic is told so, and offered nothing to press', async () => {
    bridge.answerWith(() => Promise.resolve({ ok: true, data: viewOf(null, { canEdit: false }) }));
    render(<AgreementPanel />);
    expect(await screen.findByText(/You may not edit this epic/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('a recorded agreement', () => {
  test('shows its status, terms, progress, forecast and history in words', async () => {
    bridge.answerWith(() => Promise.resolve({ ok: true, data: viewOf(recorded()) }));
    render(<AgreementPanel />);
    expect(await screen.findByText('On track')).toBeTruthy();
    expect(screen.getByText(/Next review 2024-02-09 · Owner: Lee Lead/)).toBeTruthy();
    expect(screen.getByText('1 of 2 repayment items done, 1 open.')).toBeTruthy();
    expect(
      screen.getByText(/the open item is done by 2024-02-22 in 85 of 100 simulated futures/),
    ).toBeTruthy();
    const history = within(screen.getByRole('region', { name: 'History' }));
    expect(history.getByText('2024-01-10: Lee Lead recorded the agreement')).toBeTruthy();
  });

  test('each action is a write of its own, with the note, on the revision shown', async () => {
    const first = recorded();
    const reviewed = applyAction(
      first,
      { kind: 'review', note: 'Still needed' },
      {
        by: 'acc-lead',
        now: Date.parse(NOW),
        zone: new Zone('UTC'),
        writeId: 'w-review',
        writeDigest: 'd-review',
        revision: 2,
      },
    );
    if (!reviewed.ok) throw new Error(reviewed.message);
    bridge.answerWith((key) =>
      Promise.resolve({
        ok: true,
        data: key === 'getAgreement' ? viewOf(first) : wrote(viewOf(reviewed.agreement), 'reviewed'),
      }),
    );
    render(<AgreementPanel />);
    fireEvent.change(await screen.findByLabelText('Note for the history (optional)'), {
      target: { value: 'Still needed' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Mark reviewed' }));
    expect(await screen.findByText(/Lee Lead reviewed it/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Mark repaid' }));
    // One repayment item is still open: it asks first.
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText('1 repayment item of 2 is still open.')).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Mark repaid' }));
    await screen.findAllByText(/reviewed it/);
    const [review] = invoked('reviewAgreement');
    const [repay] = invoked('repayAgreement');
    expect(review).toMatchObject({ issueKey: 'AGPUSH-57', revision: 1, note: 'Still needed' });
    expect(repay).toMatchObject({ revision: 2, note: null });
    expect(repay?.writeId).not.toBe(review?.writeId);
  });

  test('when every repayment item is done, it suggests marking the agreement repaid', async () => {
    const view = viewOf(recorded());
    bridge.answerWith(() =>
      Promise.resolve({
        ok: true,
        data: {
          ...view,
          progress: {
            items: [{ key: 'AGPUSH-58', summary: 'Script it', done: true }],
            done: 1,
            open: 0,
            allDone: true,
          },
          forecast: { kind: 'nothing-left' },
        },
      }),
    );
    render(<AgreementPanel />);
    expect(await screen.findByText('Every repayment item is done')).toBeTruthy();
  });

  test('a forecast later than the due date is a warning', async () => {
    bridge.answerWith(() =>
      Promise.resolve({
        ok: true,
        data: viewOf(recorded(), {
          forecast: { kind: 'forecast', remaining: 4, weeks: 14, date: '2024-05-09', atRisk: true },
        }),
      }),
    );
    render(<AgreementPanel />);
    expect(await screen.findByText('At risk: due 2024-03-31, expected by 2024-05-09')).toBeTruthy();
    expect(screen.getByText(/the 4 open items are done by 2024-05-09/)).toBeTruthy();
  });

  test('an overdue agreement is said to be overdue, with the date it is expected by, in words that count', async () => {
    bridge.answerWith(() =>
      Promise.resolve({
        ok: true,
        data: viewOf(recorded(), {
          status: 'overdue',
          forecast: { kind: 'forecast', remaining: 1, weeks: 3, date: '2024-04-20', atRisk: true },
        }),
      }),
    );
    render(<AgreementPanel />);
    expect(await screen.findByText('Overdue since 2024-03-31; expected by 2024-04-20')).toBeTruthy();
    expect(screen.getByText(/the open item is done by 2024-04-20/)).toBeTruthy();
    expect(screen.queryByText(/At risk/)).toBeNull();
  });

  test('someone else changed it first: the conflict is shown, and reload reads it again', async () => {
    bridge.answerWith((key) =>
      Promise.resolve(
        key === 'cancelAgreement'
          ? { ok: false, error: { code: 'CONFLICT', message: 'Lee Lead changed this agreement first.' } }
          : { ok: true, data: viewOf(recorded()) },
      ),
    );
    render(<AgreementPanel />);
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel the agreement' }));
    expect(await screen.findByText('Lee Lead changed this agreement first.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await screen.findByText('On track');
    expect(invoked('getAgreement')).toHaveLength(2);
  });
});

test('a label without its property offers the one-click repair', async () => {
  bridge.answerWith((key) =>
    Promise.resolve({
      ok: true,
      data:
        key === 'repairAgreement'
          ? wrote(viewOf(null), 'label-removed')
          : viewOf(null, {
              status: 'invalid',
              problem: 'The epic has the tech-debt-agreement label but no agreement is recorded.',
              repair: 'remove-label',
            }),
    }),
  );
  render(<AgreementPanel />);
  fireEvent.click(await screen.findByRole('button', { name: 'Remove the label' }));
  expect(await screen.findByRole('button', { name: 'Record an agreement' })).toBeTruthy();
  expect(invoked('repairAgreement')).toEqual([{ issueKey: 'AGPUSH-57' }]);
});

describe('each change has its own write id, and a retry keeps it', () => {
  const failing = { ok: false, error: { code: 'JIRA_UNAVAILABLE', message: 'Jira did not answer.' } };

  test('Mark repaid after a failed Mark reviewed is another change; Mark reviewed again is the same one', async () => {
    bridge.answerWith((key) =>
      Promise.resolve(key === 'getAgreement' ? { ok: true, data: viewOf(recorded()) } : failing),
    );
    render(<AgreementPanel />);
    fireEvent.click(await screen.findByRole('button', { name: 'Mark reviewed' }));
    await screen.findByText('Jira did not answer.');
    fireEvent.click(screen.getByRole('button', { name: 'Mark reviewed' }));
    await screen.findByText('Jira did not answer.');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel the agreement' }));
    await screen.findByText('Jira did not answer.');
    const [first, retry] = invoked('reviewAgreement');
    const [cancel] = invoked('cancelAgreement');
    expect(retry?.writeId).toBe(first?.writeId);
    expect(cancel?.writeId).not.toBe(first?.writeId);
  });

  test('"edit 2" after a failed "edit 1" is sent with an id of its own', async () => {
    bridge.answerWith((key) =>
      Promise.resolve(key === 'getAgreement' ? { ok: true, data: viewOf(recorded()) } : failing),
    );
    render(<AgreementPanel />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const outcome = screen.getByLabelText('Business outcome (required)');
    fireEvent.change(outcome, { target: { value: 'Edit 1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Jira did not answer.');
    fireEvent.change(outcome, { target: { value: 'Edit 2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Jira did not answer.');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Jira did not answer.');
    const [edit1, edit2, edit2again] = invoked('saveAgreement');
    expect(edit2?.writeId).not.toBe(edit1?.writeId);
    expect(edit2again?.writeId).toBe(edit2?.writeId);
  });
});

test('a change confirmed when the panel could not be read again says it was saved, and reads it again', async () => {
  const after = viewOf(recorded());
  let reads = 0;
  bridge.answerWith((key) => {
    if (key === 'getAgreement')
      return Promise.resolve({ ok: true, data: reads++ === 0 ? viewOf(null) : after });
    return Promise.resolve({
      ok: true,
      data: wrote(null, 'created', 'Jira did not answer GET /rest/api/3/mypermissions'),
    });
  });
  render(<AgreementPanel />);
  fireEvent.click(await screen.findByRole('button', { name: 'Record an agreement' }));
  fireEvent.change(screen.getByLabelText('Impact (required)'), { target: { value: TERMS.impact } });
  fireEvent.click(screen.getByLabelText('Medium'));
  fireEvent.click(screen.getByLabelText('Frequent'));
  fireEvent.change(screen.getByLabelText('Business outcome (required)'), {
    target: { value: TERMS.outcome },
  });
  fireEvent.click(screen.getByLabelText('Lump sum: in one go'));
  fireEvent.click(screen.getByRole('button', { name: 'Record the agreement' }));
  expect(await screen.findByText('Did created (revision 1).')).toBeTruthy();
  expect(screen.getByText(/did not work the first time: Jira did not answer/)).toBeTruthy();
  expect(await screen.findByText('On track')).toBeTruthy();
  expect(invoked('getAgreement')).toHaveLength(2);
});

test('a save that meets another change keeps the edit through Reload, and saves it over the new revision', async () => {
  const first = recorded();
  const theirs = viewOf({ ...first, revision: 2, interest: 'low' });
  let conflicted = false;
  bridge.answerWith((key) => {
    if (key === 'getAgreement')
      return Promise.resolve({ ok: true, data: conflicted ? theirs : viewOf(first) });
    if (key !== 'saveAgreement') return Promise.resolve({ ok: true, data: [] });
    if (!conflicted) {
      conflicted = true;
      return Promise.resolve({
        ok: false,
        error: { code: 'CONFLICT', message: 'Lee Lead changed it first.' },
      });
    }
    return Promise.resolve({ ok: true, data: wrote(viewOf({ ...first, revision: 3, outcome: 'Mine' })) });
  });
  render(<AgreementPanel />);
  fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
  fireEvent.change(screen.getByLabelText('Business outcome (required)'), { target: { value: 'Mine' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Reload, keeping my edit' }));
  expect(await screen.findByText(/What is stored now is revision 2/)).toBeTruthy();
  expect(screen.getByLabelText('Business outcome (required)')).toHaveProperty('value', 'Mine');
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await screen.findByText('Did edited (revision 3).');
  const [, again] = invoked('saveAgreement');
  expect(again).toMatchObject({ revision: 2, terms: { outcome: 'Mine' } });
});
