import type { AgreementTerms } from '../../src/domain/agreement';

/** Terms that meet every rule, for tests to vary one field at a time. */
export const SAMPLE_TERMS: AgreementTerms = {
  reason: 'deadline',
  reasonDetail: null,
  impact: 'Every release needs a manual step on the push server.',
  impactAreas: ['delivery-speed'],
  interest: 'medium',
  visibility: 'frequent',
  outcome: 'Ship the 1.0 release on time.',
  repayment: 'minimum-payments',
  dueDate: '2024-03-31',
  trigger: null,
  reviewCadenceDays: 30,
  owner: null,
  scores: { impact: null, effort: null, risk: null, timeToValue: null },
};
