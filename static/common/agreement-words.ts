import type {
  AgreementStatus,
  AgreementTerms,
  DebtReason,
  ImpactArea,
  Interest,
  RepaymentStyle,
  Visibility,
} from '../../src/domain/agreement';
import type { Payment } from '../../src/domain/minimum-payments';

/** The agreement's vocabulary in the words people read (docs/debt-agreements.md#the-record). */

export const REASON_WORDS: Readonly<Record<DebtReason, string>> = {
  deadline: 'A deadline',
  'build-to-learn': 'Built to learn',
  'evolving-requirements': 'Requirements still evolving',
  'insufficient-testing': 'Not enough testing',
  'missing-standards': 'Missing standards',
  'scale-growth': 'Growth in scale',
  'skills-growth': 'Skills still growing',
  other: 'Another reason',
};

export const AREA_WORDS: Readonly<Record<ImpactArea, string>> = {
  complexity: 'Complexity',
  scalability: 'Scalability',
  reliability: 'Reliability',
  security: 'Security',
  performance: 'Performance',
  'delivery-speed': 'Delivery speed',
  onboarding: 'Onboarding',
};

export const INTEREST_WORDS: Readonly<Record<Interest, string>> = {
  high: 'High: it slows delivery, causes defects or risks deployments now',
  medium: 'Medium',
  low: 'Low',
};

export const VISIBILITY_WORDS: Readonly<Record<Visibility, string>> = {
  core: 'Core: met in most work',
  frequent: 'Frequent',
  rare: 'Rare',
};

/** A period's (or a sprint's) minimum payment, by the ledger's one rule (src/domain/minimum-payments.ts). */
export const PAYMENT_WORDS: Readonly<Record<Payment, string>> = {
  made: 'Made',
  missed: 'Missed',
  'nothing-completed': 'Nothing completed',
};

export const REPAYMENT_WORDS: Readonly<Record<RepaymentStyle, string>> = {
  'minimum-payments': 'Minimum payments: a share of every period',
  'lump-sum': 'Lump sum: in one go',
};

type Appearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

export const STATUS_WORDS: Readonly<Record<AgreementStatus, { label: string; appearance: Appearance }>> = {
  invalid: { label: 'Needs repair', appearance: 'removed' },
  repaid: { label: 'Repaid', appearance: 'success' },
  cancelled: { label: 'Cancelled', appearance: 'default' },
  overdue: { label: 'Overdue', appearance: 'removed' },
  'due-soon': { label: 'Due soon', appearance: 'moved' },
  'review-due': { label: 'Review due', appearance: 'new' },
  'on-track': { label: 'On track', appearance: 'inprogress' },
};

/** Each term's name, as the form labels it and the history names what an edit changed. */
export const TERM_WORDS: Readonly<Record<keyof AgreementTerms, string>> = {
  reason: 'Reason for the shortcut',
  reasonDetail: 'Reason detail',
  impact: 'Impact',
  impactAreas: 'Impact areas',
  interest: 'Interest',
  visibility: 'Visibility',
  outcome: 'Business outcome',
  repayment: 'Repayment',
  dueDate: 'Due date',
  trigger: 'Trigger',
  reviewCadenceDays: 'Review every (days)',
  owner: 'Owner',
  scores: 'Scores',
};
