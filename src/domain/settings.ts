import type { FlowState, FlowType } from './types';

/**
 * One classification rule: an item matches when one of its labels or its issue type is listed
 * (compared case-insensitively). Rules are tried in order; the first match decides (docs/flow-metrics.md#flow-items).
 */
export interface TypeRule {
  readonly type: FlowType;
  readonly labels: readonly string[];
  readonly issueTypes: readonly string[];
}

/** Pins one status to a flow state. Matched by id first, then by name (docs/flow-metrics.md#flow-states-and-the-timeline). */
export interface StatusOverride {
  readonly statusId: string | null;
  readonly statusName: string | null;
  readonly state: FlowState;
}

/** A share of completed work, as fractions in [0, 1]; either bound may be absent. */
export interface TargetBand {
  readonly min: number | null;
  readonly max: number | null;
}

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * Off by default: the Flow Framework measures calendar time ("flow time doesn't stop the clock just
 * because the weekend rolls around"). When on, durations count only working days.
 */
export interface WorkingCalendar {
  readonly enabled: boolean;
  readonly nonWorkingWeekdays: readonly IsoWeekday[];
  /** Civil dates (YYYY-MM-DD) in the settings' time zone. */
  readonly holidays: readonly string[];
}

export type TrendPeriod = 'week' | 'month';

export interface FlowSettings {
  /** Which hierarchy level holds the flow items: 0 (stories, tasks, bugs) or 1 (epics). Never both. */
  readonly flowItemLevel: 0 | 1;
  readonly typeRules: readonly TypeRule[];
  readonly statusOverrides: readonly StatusOverride[];
  /** An `indeterminate` status whose name contains one of these is a waiting state. */
  readonly waitingStatusKeywords: readonly string[];
  /** A done item whose resolution name contains one of these is canceled. */
  readonly canceledResolutionKeywords: readonly string[];
  readonly targets: Readonly<Partial<Record<FlowType, TargetBand>>>;
  /** IANA zone in which windows, days and weeks are counted. */
  readonly timeZone: string;
  readonly workingCalendar: WorkingCalendar;
  readonly trendPeriod: TrendPeriod;
  readonly agreementReviewCadenceDays: number;
  /** A new debt agreement is due this many days from the day it is made, unless the team says otherwise. */
  readonly agreementRepayWithinDays: number;
}

export const DEFAULT_TYPE_RULES: readonly TypeRule[] = [
  {
    type: 'risk',
    labels: ['risk', 'security', 'compliance', 'vulnerability'],
    issueTypes: ['Risk', 'Security', 'Vulnerability', 'Compliance'],
  },
  {
    type: 'debt',
    labels: ['tech-debt', 'techdebt', 'technical-debt', 'debt', 'refactor', 'refactoring'],
    issueTypes: ['Tech Debt', 'Technical Debt', 'Debt', 'Refactoring'],
  },
  { type: 'defect', labels: [], issueTypes: ['Bug', 'Defect', 'Incident', 'Problem'] },
];

export const DEFAULT_WAITING_STATUS_KEYWORDS: readonly string[] = [
  'wait',
  'blocked',
  'on hold',
  'pending',
  'ready for',
  'awaiting',
];

export const DEFAULT_CANCELED_RESOLUTION_KEYWORDS: readonly string[] = [
  "won't",
  'wont',
  'duplicate',
  'cannot reproduce',
  "can't reproduce",
  'rejected',
  'invalid',
  'obsolete',
  'out of date',
  'incomplete',
  'not a bug',
  'declined',
  'abandoned',
  'cancel',
];

export const DEFAULT_SETTINGS: FlowSettings = {
  flowItemLevel: 0,
  typeRules: DEFAULT_TYPE_RULES,
  statusOverrides: [],
  waitingStatusKeywords: DEFAULT_WAITING_STATUS_KEYWORDS,
  canceledResolutionKeywords: DEFAULT_CANCELED_RESOLUTION_KEYWORDS,
  targets: { debt: { min: 0.1, max: 0.2 } },
  timeZone: 'UTC',
  workingCalendar: { enabled: false, nonWorkingWeekdays: [6, 7], holidays: [] },
  trendPeriod: 'week',
  agreementReviewCadenceDays: 30,
  agreementRepayWithinDays: 90,
};
