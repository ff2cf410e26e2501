import type { AgreementView, PersonRef } from '../../../src/contract';
import {
  checkTerms,
  normaliseTerms,
  type AgreementScores,
  type AgreementTerms,
  type DebtReason,
  type ImpactArea,
  type Interest,
  type RepaymentStyle,
  type Visibility,
} from '../../../src/domain/agreement';

/** The form as it is edited: what people type, before it becomes terms. */
export interface Draft {
  reason: DebtReason;
  reasonDetail: string;
  impact: string;
  impactAreas: ImpactArea[];
  interest: Interest | null;
  visibility: Visibility | null;
  outcome: string;
  repayment: RepaymentStyle | null;
  dueDate: string;
  trigger: string;
  reviewCadenceDays: string;
  owner: PersonRef | null;
  scores: Record<keyof AgreementScores, number | null>;
}

export const SCORE_KEYS = [
  'impact',
  'effort',
  'risk',
  'timeToValue',
] as const satisfies readonly (keyof AgreementScores)[];

export const SCORE_WORDS: Readonly<Record<keyof AgreementScores, string>> = {
  impact: 'Impact',
  effort: 'Effort to repay',
  risk: 'Risk of carrying it',
  timeToValue: 'Time to value',
};

export function draftOf(view: AgreementView): Draft {
  const a = view.agreement;
  if (a === null)
    return {
      reason: 'deadline',
      reasonDetail: '',
      impact: '',
      impactAreas: [],
      interest: null,
      visibility: null,
      outcome: '',
      repayment: null,
      dueDate: view.defaults.dueDate,
      trigger: '',
      reviewCadenceDays: String(view.defaults.reviewCadenceDays),
      owner: null,
      scores: { impact: null, effort: null, risk: null, timeToValue: null },
    };
  return {
    reason: a.reason,
    reasonDetail: a.reasonDetail ?? '',
    impact: a.impact,
    impactAreas: [...a.impactAreas],
    interest: a.interest,
    visibility: a.visibility,
    outcome: a.outcome,
    repayment: a.repayment,
    dueDate: a.dueDate ?? '',
    trigger: a.trigger ?? '',
    reviewCadenceDays: String(a.reviewCadenceDays),
    owner: view.owner,
    scores: { ...a.scores },
  };
}

export type Errors = Record<string, string>;

/**
 * The draft as terms, checked by the domain's own rules (the same the server applies), or what is
 * wrong with each field. Nothing is sent while anything is.
 */
export function termsOf(draft: Draft, createdDay: string): { terms: AgreementTerms } | { errors: Errors } {
  const errors: Errors = {};
  if (draft.interest === null) errors.interest = 'Choose how costly it is to carry.';
  if (draft.visibility === null) errors.visibility = 'Choose how often it surfaces.';
  if (draft.repayment === null) errors.repayment = 'Choose how it will be repaid.';
  const cadence = Number(draft.reviewCadenceDays.trim());
  const terms: AgreementTerms = normaliseTerms({
    reason: draft.reason,
    reasonDetail: draft.reasonDetail,
    impact: draft.impact,
    impactAreas: draft.impactAreas,
    interest: draft.interest ?? 'medium',
    visibility: draft.visibility ?? 'frequent',
    outcome: draft.outcome,
    repayment: draft.repayment ?? 'lump-sum',
    dueDate: draft.dueDate.trim() === '' ? null : draft.dueDate.trim(),
    trigger: draft.trigger,
    reviewCadenceDays: /^\d+$/.test(draft.reviewCadenceDays.trim()) ? cadence : Number.NaN,
    owner: draft.owner?.accountId ?? null,
    scores: draft.scores,
  });
  Object.assign(errors, checkTerms(terms, createdDay));
  return Object.keys(errors).length > 0 ? { errors } : { terms };
}
