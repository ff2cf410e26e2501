import { formatCivilDate, type Zone } from './calendar';
import {
  AGREEMENT_SCHEMA_VERSION,
  changedTerms,
  checkTerms,
  cleanText,
  normaliseTerms,
  PROPERTY_MAX_CHARS,
  TEXT_LIMITS,
  withHistory,
  type AgreementTerms,
  type DebtAgreement,
  type HistoryAction,
  type TermErrors,
} from './agreement';
import { indexedValues, indexedValuesDiffer, type IndexedKey } from './agreement-status';
import type { Instant } from './types';

/**
 * What a person (or the daily refresh) can do to an agreement, as pure functions from the stored
 * record to the next one (docs/debt-agreements.md): the revision moves on, the history keeps who
 * did what, and the indexed values are derived again.
 */
export type AgreementAction =
  | { readonly kind: 'save'; readonly terms: AgreementTerms }
  | { readonly kind: 'review' | 'repay' | 'cancel' | 'reopen'; readonly note: string | null }
  /** The daily refresh: only the derived values change. */
  | { readonly kind: 'refresh' };

export interface ActionContext {
  /** Account id of who acts; the app for the daily refresh. */
  readonly by: string;
  readonly now: Instant;
  readonly zone: Zone;
  /** The id of this write and the digest of its request, kept so that a retry recognises itself. */
  readonly writeId: string;
  readonly writeDigest: string;
  /**
   * The revision the new record gets: past every revision the epic had, including one deleted
   * (src/services/agreement-lock.ts decides it).
   */
  readonly revision: number;
}

export type ActionOutcome =
  | { readonly ok: true; readonly agreement: DebtAgreement; readonly changed: boolean }
  | { readonly ok: false; readonly message: string; readonly fields?: Readonly<Record<string, string>> };

const HISTORY_OF: Readonly<Record<'review' | 'repay' | 'cancel' | 'reopen', HistoryAction>> = {
  review: 'reviewed',
  repay: 'repaid',
  cancel: 'cancelled',
  reopen: 'reopened',
};

export function applyAction(
  current: DebtAgreement | null,
  action: AgreementAction,
  ctx: ActionContext,
): ActionOutcome {
  const at = new Date(ctx.now).toISOString();
  if (action.kind === 'save') {
    const terms = normaliseTerms(action.terms);
    const createdDay =
      current === null
        ? formatCivilDate(ctx.zone.dayOf(ctx.now))
        : formatCivilDate(ctx.zone.dayOf(Date.parse(current.createdAt)));
    const errors = checkTerms(terms, createdDay);
    if (Object.keys(errors).length > 0) return { ok: false, message: firstError(errors), fields: errors };
    if (current === null) {
      return finish(
        {
          ...terms,
          schemaVersion: AGREEMENT_SCHEMA_VERSION,
          revision: ctx.revision,
          state: 'open',
          createdAt: at,
          createdBy: ctx.by,
          updatedAt: at,
          updatedBy: ctx.by,
          lastReviewedAt: null,
          lastReviewedBy: null,
          repaidAt: null,
          history: [{ at, by: ctx.by, action: 'created', changes: [], note: null }],
          writeId: ctx.writeId,
          writeDigest: ctx.writeDigest,
        },
        ctx,
        true,
      );
    }
    if (current.state !== 'open')
      return { ok: false, message: `This agreement is ${current.state}; reopen it to change its terms.` };
    const changes = changedTerms(current, terms);
    if (changes.length === 0) return { ok: true, agreement: current, changed: false };
    return finish(
      {
        ...current,
        ...terms,
        revision: ctx.revision,
        updatedAt: at,
        updatedBy: ctx.by,
        history: withHistory(current.history, { at, by: ctx.by, action: 'edited', changes, note: null }),
        writeId: ctx.writeId,
        writeDigest: ctx.writeDigest,
      },
      ctx,
      true,
    );
  }
  if (current === null) return { ok: false, message: 'No agreement is recorded on this epic.' };
  if (action.kind === 'refresh') {
    const next = { ...current, ...indexedValues(current, ctx.zone, ctx.now) };
    return indexedValuesDiffer(next, current)
      ? finish({ ...next, revision: ctx.revision }, ctx, true)
      : { ok: true, agreement: current, changed: false };
  }
  const note = action.note === null ? null : cleanText(action.note);
  if (note !== null && note.length > TEXT_LIMITS.note)
    return {
      ok: false,
      message: `A note holds at most ${TEXT_LIMITS.note} characters.`,
      fields: { note: `At most ${TEXT_LIMITS.note} characters (this is ${note.length}).` },
    };
  if (action.kind === 'reopen' ? current.state === 'open' : current.state !== 'open')
    return {
      ok: false,
      message:
        action.kind === 'reopen' ? 'This agreement is open already.' : `This agreement is ${current.state}.`,
    };
  const entry = {
    at,
    by: ctx.by,
    action: HISTORY_OF[action.kind],
    changes: [],
    note: note === '' ? null : note,
  };
  const base = {
    ...current,
    revision: ctx.revision,
    updatedAt: at,
    updatedBy: ctx.by,
    history: withHistory(current.history, entry),
    writeId: ctx.writeId,
    writeDigest: ctx.writeDigest,
  };
  switch (action.kind) {
    case 'review':
      return finish({ ...base, lastReviewedAt: at, lastReviewedBy: ctx.by }, ctx, true);
    case 'repay':
      return finish({ ...base, state: 'repaid', repaidAt: at }, ctx, true);
    case 'cancel':
      return finish({ ...base, state: 'cancelled' }, ctx, true);
    case 'reopen':
      return finish({ ...base, state: 'open', repaidAt: null }, ctx, true);
  }
}

/** Derives the indexed values, and keeps the stored JSON within Jira's limit by dropping the oldest history. */
function finish(
  record: Omit<DebtAgreement, IndexedKey>,
  ctx: ActionContext,
  changed: boolean,
): ActionOutcome {
  let agreement: DebtAgreement = { ...record, ...indexedValues(record, ctx.zone, ctx.now) };
  while (JSON.stringify(agreement).length > PROPERTY_MAX_CHARS && agreement.history.length > 1)
    agreement = { ...agreement, history: agreement.history.slice(0, -1) };
  if (JSON.stringify(agreement).length > PROPERTY_MAX_CHARS)
    return { ok: false, message: 'The agreement is too long to store on the epic; shorten its texts.' };
  return { ok: true, agreement, changed };
}

function firstError(errors: TermErrors): string {
  const first = Object.values(errors)[0];
  return first ?? 'The agreement is not complete.';
}
