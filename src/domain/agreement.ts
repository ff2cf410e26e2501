import { formatCivilDate, parseCivilDate, type Zone } from './calendar';
import type { Instant } from './types';

/**
 * A technical-debt agreement as the team records it on an epic (docs/debt-agreements.md#the-record):
 * the record, its vocabulary, its bounds, and the rules a new or edited one must meet.
 */

export const AGREEMENT_SCHEMA_VERSION = 1;

export const DEBT_REASONS = [
  'deadline',
  'build-to-learn',
  'evolving-requirements',
  'insufficient-testing',
  'missing-standards',
  'scale-growth',
  'skills-growth',
  'other',
] as const;
export type DebtReason = (typeof DEBT_REASONS)[number];

export const IMPACT_AREAS = [
  'complexity',
  'scalability',
  'reliability',
  'security',
  'performance',
  'delivery-speed',
  'onboarding',
] as const;
export type ImpactArea = (typeof IMPACT_AREAS)[number];

export const INTEREST_LEVELS = ['high', 'medium', 'low'] as const;
export type Interest = (typeof INTEREST_LEVELS)[number];

export const VISIBILITY_LEVELS = ['core', 'frequent', 'rare'] as const;
export type Visibility = (typeof VISIBILITY_LEVELS)[number];

export const REPAYMENT_STYLES = ['minimum-payments', 'lump-sum'] as const;
export type RepaymentStyle = (typeof REPAYMENT_STYLES)[number];

export const AGREEMENT_STATES = ['open', 'repaid', 'cancelled'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

export const AGREEMENT_STATUSES = [
  'invalid',
  'repaid',
  'cancelled',
  'overdue',
  'due-soon',
  'review-due',
  'on-track',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** Why an open agreement needs the team this week (src/domain/agreement-status.ts). */
export const ATTENTION_REASONS = ['overdue', 'due-this-week', 'review-this-week'] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];

export const HISTORY_ACTIONS = ['created', 'edited', 'reviewed', 'repaid', 'cancelled', 'reopened'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** The optional weighted scores, each 1 to 5 (docs/debt-agreements.md#score-and-rank). */
export interface AgreementScores {
  readonly impact: number | null;
  readonly effort: number | null;
  readonly risk: number | null;
  readonly timeToValue: number | null;
}

/** What a person fills in. */
export interface AgreementTerms {
  readonly reason: DebtReason;
  readonly reasonDetail: string | null;
  readonly impact: string;
  readonly impactAreas: readonly ImpactArea[];
  readonly interest: Interest;
  readonly visibility: Visibility;
  readonly outcome: string;
  readonly repayment: RepaymentStyle;
  /** A civil date, YYYY-MM-DD. */
  readonly dueDate: string | null;
  readonly trigger: string | null;
  readonly reviewCadenceDays: number;
  readonly owner: string | null;
  readonly scores: AgreementScores;
}

export interface HistoryEntry {
  /** ISO instant. */
  readonly at: string;
  /** Account id. */
  readonly by: string;
  readonly action: HistoryAction;
  /** The fields an edit changed. */
  readonly changes: readonly (keyof AgreementTerms)[];
  readonly note: string | null;
}

/** The agreement as it is stored in the epic's property. */
export interface DebtAgreement extends AgreementTerms {
  readonly schemaVersion: typeof AGREEMENT_SCHEMA_VERSION;
  readonly revision: number;
  readonly state: AgreementState;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly lastReviewedAt: string | null;
  readonly lastReviewedBy: string | null;
  readonly repaidAt: string | null;
  readonly history: readonly HistoryEntry[];
  /**
   * The id of the last change a person made, and a digest of what it asked, so that a retry of it
   * (same id, same request) knows itself and the same id with another request is refused. The
   * daily refresh keeps them: it changes only the derived values.
   */
  readonly writeId: string;
  readonly writeDigest: string;
  // Written for Jira's index, derived from the rest (docs/debt-agreements.md#the-record):
  readonly status: AgreementStatus;
  readonly nextReviewDate: string;
  readonly score: number | null;
  readonly attention: readonly AttentionReason[];
}

/** The longest each text may be: with them, the stored JSON stays far under Jira's 32 768 characters. */
export const TEXT_LIMITS = {
  reasonDetail: 500,
  impact: 2000,
  outcome: 1000,
  trigger: 500,
  note: 200,
} as const;

/** The history kept: the newest entries. */
export const HISTORY_KEPT = 10;

/** Jira's limit for one entity property, in characters of JSON. */
export const PROPERTY_MAX_CHARS = 32_768;

// Control characters other than line breaks and tabs, and the bidi overrides and isolates that
// make text read in another order than it is stored in.
// (Cc is every C0 and C1 control character; `\r` is made `\n` before this applies.)
const UNSAFE_TEXT = /(?![\t\n])\p{Cc}|[\u202a-\u202e\u2066-\u2069]/gu;

// Half a surrogate pair is no character, and JSON writes it as six.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as it is stored: plain, trimmed, line breaks made `\n`, without control characters. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNSAFE_TEXT, '').replace(LONE_SURROGATE, '').trim();
}

/** Field errors by field name, in words a person can act on. */
export type TermErrors = Partial<Record<keyof AgreementTerms | `scores.${keyof AgreementScores}`, string>>;

/**
 * The rules the terms must meet beyond their types (docs/debt-agreements.md#the-record). The
 * creation day bounds the due date: an agreement cannot be due before it was made.
 */
export function checkTerms(terms: AgreementTerms, createdDay: string): TermErrors {
  const errors: TermErrors = {};
  const required = (field: 'impact' | 'outcome', label: string): void => {
    if (terms[field].trim() === '') errors[field] = `${label} is required.`;
  };
  required('impact', 'What the debt costs');
  required('outcome', 'The business outcome');
  if (terms.reason === 'other' && (terms.reasonDetail ?? '').trim() === '')
    errors.reasonDetail = 'Say what the reason is, since it is "other".';
  for (const field of ['reasonDetail', 'impact', 'outcome', 'trigger'] as const) {
    const value = terms[field];
    if (value !== null && value.length > TEXT_LIMITS[field])
      errors[field] = `At most ${TEXT_LIMITS[field]} characters (this is ${value.length}).`;
  }
  if (terms.dueDate === null && (terms.trigger ?? '').trim() === '')
    errors.dueDate = 'Give a due date, a trigger, or both.';
  if (terms.dueDate !== null) {
    if (parseCivilDate(terms.dueDate) === null) errors.dueDate = 'Not a date (YYYY-MM-DD).';
    else if (terms.dueDate < createdDay)
      errors.dueDate = `The due date cannot be before the agreement was made (${createdDay}).`;
  }
  if (
    !Number.isInteger(terms.reviewCadenceDays) ||
    terms.reviewCadenceDays < 1 ||
    terms.reviewCadenceDays > 3650
  )
    errors.reviewCadenceDays = 'A whole number of days from 1 to 3650.';
  for (const key of ['impact', 'effort', 'risk', 'timeToValue'] as const) {
    const v = terms.scores[key];
    if (v !== null && (!Number.isInteger(v) || v < 1 || v > 5))
      errors[`scores.${key}`] = 'A score from 1 to 5.';
  }
  return errors;
}

/** The terms with every text cleaned, empty optional texts made null, and areas unique. */
export function normaliseTerms(terms: AgreementTerms): AgreementTerms {
  const optional = (t: string | null): string | null => {
    const c = t === null ? '' : cleanText(t);
    return c === '' ? null : c;
  };
  return {
    ...terms,
    reasonDetail: optional(terms.reasonDetail),
    impact: cleanText(terms.impact),
    outcome: cleanText(terms.outcome),
    trigger: optional(terms.trigger),
    impactAreas: [...new Set(terms.impactAreas)],
  };
}

/** A new agreement's default due date: the project's "repay within" days from today. */
export function defaultDueDate(now: Instant, zone: Zone, repayWithinDays: number): string {
  return formatCivilDate(zone.dayOf(now) + repayWithinDays);
}

/** The terms, in the order a form shows them: what an edit may change. */
export const TERM_KEYS = [
  'reason',
  'reasonDetail',
  'impact',
  'impactAreas',
  'interest',
  'visibility',
  'outcome',
  'repayment',
  'dueDate',
  'trigger',
  'reviewCadenceDays',
  'owner',
  'scores',
] as const satisfies readonly (keyof AgreementTerms)[];

/** The terms that differ between two versions, for the history. */
export function changedTerms(before: AgreementTerms, after: AgreementTerms): (keyof AgreementTerms)[] {
  return TERM_KEYS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** The history with one more entry, the newest kept. */
export function withHistory(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return [entry, ...history].slice(0, HISTORY_KEPT);
}
