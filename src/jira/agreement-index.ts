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
  { path: 'status', type: 'string', searchAlias: 'debtAgreementStatus' },
  { path: 'dueDate', type: 'date', searchAlias: 'debtAgreementDue' },
  { path: 'nextReviewDate', type: 'date', searchAlias: 'debtAgreementReview' },
  { path: 'interest', type: 'string', searchAlias: 'debtAgreementInterest' },
  { path: 'score', type: 'number', searchAlias: 'debtAgreementScore' },
  // An array: Jira indexes each of its values (overdue, due-this-week, review-this-week).
  { path: 'attention', type: 'string', searchAlias: 'debtAgreementAttention' },
];

/**
 * The search that finds every agreement needing the team this week (overdue, due by Sunday, or
 * due for review by Sunday), as the README tells a team to subscribe to it.
 */
export const NEEDS_THE_TEAM_JQL =
  'debtAgreementAttention in (overdue, due-this-week, review-this-week) ORDER BY debtAgreementDue ASC';

/** The label an agreement's epic carries, so that plain `labels = tech-debt-agreement` finds it too. */
export const AGREEMENT_LABEL = 'tech-debt-agreement';

/** Jira indexes at most this many values over all of an app's entity property modules. */
export const MAX_INDEXED_VALUES = 30;
