import { Zone } from '../../src/domain/calendar';
import { SAMPLE_TERMS } from '../support/agreement-terms';
import {
  checkTerms,
  cleanText,
  HISTORY_KEPT,
  PROPERTY_MAX_CHARS,
  TEXT_LIMITS,
  type AgreementTerms,
  type DebtAgreement,
} from '../../src/domain/agreement';
import { applyAction, type ActionContext } from '../../src/domain/agreement-actions';
import { rankRegister, type RankedFields } from '../../src/domain/agreement-register';
import { agreementStatus, nextReviewDay, readAgreement, wsjfScore } from '../../src/domain/agreement-status';

/** The agreement's rules at their boundaries (docs/debt-agreements.md). */

const UTC = new Zone('UTC');
const TERMS = SAMPLE_TERMS;
const ctx = (now: string, zone = UTC, by = 'acc-lead'): Omit<ActionContext, 'revision'> => ({
  by,
  now: Date.parse(now),
  zone,
  writeId: `w-${now}`,
  writeDigest: `d-${now}`,
});

/** An action as the store applies it: the next revision after the current one. */
function act(
  current: DebtAgreement | null,
  action: Parameters<typeof applyAction>[1],
  c: Omit<ActionContext, 'revision'>,
): ReturnType<typeof applyAction> {
  return applyAction(current, action, { ...c, revision: (current?.revision ?? 0) + 1 });
}

function created(
  terms: Partial<AgreementTerms> = {},
  at = '2024-01-10T09:00:00Z',
  zone = UTC,
): DebtAgreement {
  const r = act(null, { kind: 'save', terms: { ...TERMS, ...terms } }, ctx(at, zone));
  if (!r.ok) throw new Error(r.message);
  return r.agreement;
}

describe('the terms', () => {
  test.each<[string, Partial<AgreementTerms>, Record<string, string | RegExp>]>([
    ['all given', {}, {}],
    ['no impact', { impact: '  ' }, { impact: 'What the debt costs is required.' }],
    ['reason other without detail', { reason: 'other' }, { reasonDetail: /since it is "other"/ }],
    [
      'neither a due date nor a trigger',
      { dueDate: null, trigger: ' ' },
      { dueDate: 'Give a due date, a trigger, or both.' },
    ],
    ['a trigger instead of a due date', { dueDate: null, trigger: 'When the second region goes live' }, {}],
    [
      'due before the agreement was made',
      { dueDate: '2024-01-09' },
      { dueDate: /cannot be before .*2024-01-10/ },
    ],
    ['due the day it is made', { dueDate: '2024-01-10' }, {}],
    ['a cadence of 0 days', { reviewCadenceDays: 0 }, { reviewCadenceDays: /from 1 to 3650/ }],
    [
      'a score of 6',
      { scores: { impact: 6, effort: 1, risk: 1, timeToValue: 1 } },
      { 'scores.impact': 'A score from 1 to 5.' },
    ],
    [
      'an impact too long',
      { impact: 'x'.repeat(TEXT_LIMITS.impact + 1) },
      { impact: /^At most 2000 characters \(this is 2001\)/ },
    ],
  ])('%s', (_name, terms, expected) => {
    const errors = checkTerms({ ...TERMS, ...terms }, '2024-01-10');
    expect(Object.keys(errors).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, m] of Object.entries(expected)) expect(errors[k as keyof typeof errors]).toMatch(m);
  });

  test('text is kept as plain text; control characters and bidi overrides are taken out', () => {
    expect(cleanText('  <script>alert(1)</script>\r\nline two\u0007\u202e\u0000 ')).toBe(
      '<script>alert(1)</script>\nline two',
    );
    expect(cleanText('שלום \u200fworld')).toBe('שלום \u200fworld'); // a right-to-left mark is text, and stays
    expect(cleanText('half \ud800 pair, whole \ud83d\ude00')).toBe('half  pair, whole \ud83d\ude00');
  });

  test("whatever is typed, the stored JSON stays far under Jira's 32 768 characters", () => {
    // Quotes and backslashes are the characters JSON writes twice.
    const worst = (n: number): string => '"\\'.repeat(n / 2);
    let a = created({
      reason: 'other',
      reasonDetail: worst(TEXT_LIMITS.reasonDetail),
      impact: worst(TEXT_LIMITS.impact),
      outcome: worst(TEXT_LIMITS.outcome),
      trigger: worst(TEXT_LIMITS.trigger),
      owner: `557058:${'f'.repeat(120)}`,
    });
    for (let i = 0; i < 40; i++) {
      const r = act(
        a,
        { kind: 'review', note: worst(TEXT_LIMITS.note) },
        ctx(`2024-02-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00Z`, UTC, `557058:${'e'.repeat(120)}`),
      );
      if (!r.ok) throw new Error(r.message);
      a = r.agreement;
    }
    expect(a.history).toHaveLength(HISTORY_KEPT);
    const size = JSON.stringify(a).length;
    expect(size).toBeLessThan(PROPERTY_MAX_CHARS / 2);
  });
});

describe('status (docs/debt-agreements.md#status)', () => {
  const at = (iso: string): number => Date.parse(iso);
  test.each<[string, string, string]>([
    ['due yesterday', '2024-04-01T00:00:00Z', 'overdue'],
    ['due today', '2024-03-31T23:59:00Z', 'due-soon'],
    ['due in 14 days', '2024-03-17T00:00:00Z', 'due-soon'],
    ['due in 15 days', '2024-03-16T12:00:00Z', 'review-due'],
  ])('%s: %s', (_name, now, status) => {
    // Created 2024-01-10, reviewed never, cadence 30: the review is due from 2024-02-09.
    expect(agreementStatus(created(), UTC, at(now))).toBe(status);
  });

  test('the review is due exactly at the cadence, not a day before', () => {
    const a = created({ dueDate: '2025-01-01' });
    expect(nextReviewDay(a, UTC)).toBe('2024-02-09');
    expect(agreementStatus(a, UTC, at('2024-02-08T23:59:59Z'))).toBe('on-track');
    expect(agreementStatus(a, UTC, at('2024-02-09T00:00:00Z'))).toBe('review-due');
  });

  test('across a change of daylight saving time, the review day is a calendar day of the zone', () => {
    const berlin = new Zone('Europe/Berlin');
    // Reviewed 2024-03-20 at 10:00 in Berlin; clocks go forward on 2024-03-31; cadence 10 days.
    const a = created({ dueDate: '2025-01-01', reviewCadenceDays: 10 }, '2024-03-20T09:00:00Z', berlin);
    expect(nextReviewDay(a, berlin)).toBe('2024-03-30');
    // 00:30 on the 30th in Berlin is 23:30 UTC on the 29th: due, although 10 × 24 h have not passed.
    expect(agreementStatus(a, berlin, at('2024-03-29T23:30:00Z'))).toBe('review-due');
    expect(agreementStatus(a, berlin, at('2024-03-29T22:30:00Z'))).toBe('on-track');
  });

  test('a review moves the next review on; repaid and cancelled end the clock', () => {
    const a = created({ dueDate: '2025-01-01' });
    const reviewed = act(a, { kind: 'review', note: 'Still worth it' }, ctx('2024-02-20T10:00:00Z'));
    if (!reviewed.ok) throw new Error(reviewed.message);
    expect(reviewed.agreement).toMatchObject({
      status: 'on-track',
      nextReviewDate: '2024-03-21',
      revision: 2,
    });
    expect(reviewed.agreement.history[0]).toMatchObject({
      action: 'reviewed',
      note: 'Still worth it',
      by: 'acc-lead',
    });
    const repaid = act(reviewed.agreement, { kind: 'repay', note: null }, ctx('2026-01-01T00:00:00Z'));
    if (!repaid.ok) throw new Error(repaid.message);
    expect(repaid.agreement).toMatchObject({
      state: 'repaid',
      status: 'repaid',
      repaidAt: '2026-01-01T00:00:00.000Z',
    });
    expect(act(repaid.agreement, { kind: 'review', note: null }, ctx('2026-01-02T00:00:00Z'))).toMatchObject({
      ok: false,
    });
  });

  test.each<[string, Parameters<typeof readAgreement>[0], boolean, string | null]>([
    ['label, no property', { kind: 'none' }, true, 'invalid'],
    ['property, no label', { kind: 'agreement', agreement: created() }, false, 'invalid'],
    ['a property that does not parse', { kind: 'unreadable', problem: 'not JSON' }, true, 'invalid'],
    ['neither', { kind: 'none' }, false, null],
    ['both', { kind: 'agreement', agreement: created() }, true, 'overdue'],
  ])('%s', (_name, stored, label, status) => {
    expect(readAgreement(stored, label, UTC, at('2024-06-01T00:00:00Z'))?.status ?? null).toBe(status);
  });
});

describe('score and rank (docs/debt-agreements.md#score-and-rank)', () => {
  test('WSJF is (impact + risk + time to value) ÷ effort, when all four are given', () => {
    expect(wsjfScore({ impact: 5, effort: 2, risk: 3, timeToValue: 4 })).toBe(6);
    expect(wsjfScore({ impact: 5, effort: 3, risk: 3, timeToValue: 3 })).toBe(3.67);
    expect(wsjfScore({ impact: 5, effort: null, risk: 3, timeToValue: 3 })).toBeNull();
  });

  test('overdue first, then interest, visibility, score, due date; repairs, then closed ones, last', () => {
    const e = (key: string, f: Partial<RankedFields>): RankedFields => ({
      key,
      status: 'on-track',
      interest: 'medium',
      visibility: 'frequent',
      score: null,
      dueDate: null,
      ...f,
    });
    const ranked = rankRegister([
      e('A-1', { status: 'cancelled', interest: 'high' }),
      e('A-2', { status: 'repaid', interest: 'high' }),
      e('A-3', { status: 'invalid', interest: null }),
      e('A-4', { interest: 'low' }),
      e('A-5', { interest: 'high', visibility: 'rare' }),
      e('A-6', { interest: 'high', visibility: 'core' }),
      e('A-7', { status: 'overdue', interest: 'low' }),
      e('A-8', { visibility: 'frequent', score: 2 }),
      e('A-9', { visibility: 'frequent', score: 4 }),
      e('A-10', { visibility: 'frequent', score: 4, dueDate: '2024-05-01' }),
      e('A-11', { visibility: 'frequent', score: 4, dueDate: '2024-04-01' }),
      e('A-12', { status: 'review-due', visibility: 'frequent', score: 4, dueDate: '2024-04-01' }),
    ]);
    expect(ranked.map((r) => r.key)).toEqual([
      'A-7',
      'A-6',
      'A-5',
      'A-11',
      'A-12',
      'A-10',
      'A-9',
      'A-8',
      'A-4',
      'A-3',
      'A-2',
      'A-1',
    ]);
  });
});
