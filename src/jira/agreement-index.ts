/**
 * How Jira indexes the agreement stored on epics (the `jira:entityProperty` module of
 * manifest.yml, which a test keeps equal to this list): the paths that JQL can search, with their
 * types and the aliases that make `debtAgreementState = open AND debtAgreementDue < now()` work.
 */
export const AGREEMENT_PROPERTY_KEY = 'tech-debt-agreement';

export interface IndexedPath {
  readonly path: string;
  readonly type: 'string' | 'text' | 'number' | 'date' | 'user';
  readonly searchAlias: string;
}

export const AGREEMENT_INDEX: readonly IndexedPath[] = [
  { path: 'state', type: 'string', searchAlias: 'debtAgreementState' },
  { path: 'dueDate', type: 'date', searchAlias: 'debtAgreementDue' },
  { path: 'interest', type: 'string', searchAlias: 'debtAgreementInterest' },
  { path: 'reason', type: 'string', searchAlias: 'debtAgreementReason' },
  { path: 'nextReviewDate', type: 'date', searchAlias: 'debtAgreementNextReview' },
];
