/**
 * The domain's own vocabulary. Nothing here knows Jira's JSON: the adapters in `src/jira/` map Jira
 * issues onto these types, and everything in `src/domain/` works on them alone (docs/architecture.md).
 */

export const FLOW_TYPES = ['feature', 'defect', 'risk', 'debt'] as const;
/** The Flow Framework's four flow item types (docs/flow-metrics.md#flow-items). */
export type FlowType = (typeof FLOW_TYPES)[number];

export const FLOW_STATES = ['new', 'waiting', 'active', 'done'] as const;
/** What a status means for flow (docs/flow-metrics.md#flow-states-and-the-timeline). */
export type FlowState = (typeof FLOW_STATES)[number];

export const STATUS_CATEGORIES = ['new', 'indeterminate', 'done'] as const;
/** Jira's status categories (`statusCategory.key`), without Jira's placeholder `undefined` category. */
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

/** Milliseconds since the Unix epoch, UTC. */
export type Instant = number;

export const MS_PER_DAY = 86_400_000;

/** A status as a changelog names it: an id where the data has one, and the name it had then. */
export interface StatusRef {
  readonly id: string | null;
  readonly name: string;
}

/** A status whose category is known from Jira's status list or from an issue's current status. */
export interface KnownStatus extends StatusRef {
  readonly category: StatusCategory | null;
}

/**
 * One status change. `seq` orders changes made at the same instant (Jira's history ids grow with
 * time), so that the replay does not depend on the order the data arrived in.
 */
export interface StatusChange {
  readonly at: Instant;
  readonly seq: number;
  readonly from: StatusRef | null;
  readonly to: StatusRef;
}

/** A change of Jira's `Flagged` field (an impediment raised or cleared). */
export interface FlagChange {
  readonly at: Instant;
  readonly seq: number;
  readonly flagged: boolean;
}

export interface Changelog {
  readonly statusChanges: readonly StatusChange[];
  readonly flagChanges: readonly FlagChange[];
  /**
   * True when the source held only part of the history (Jira's search returns a page of it with
   * `expand=changelog`): the replay then misses the earliest changes.
   */
  readonly truncated: boolean;
}

export interface IssueTypeRef {
  readonly name: string;
  /** −1 sub-task, 0 standard issue, 1 epic (higher levels exist on Jira Premium). */
  readonly hierarchyLevel: number;
}

/** An issue as the domain sees it. */
export interface WorkItem {
  readonly id: string;
  readonly key: string;
  readonly projectKey: string | null;
  readonly issueType: IssueTypeRef;
  readonly labels: readonly string[];
  /**
   * The current status, or null when the source left it out (a Server search that asked only for
   * `issuetype,created,resolutiondate`); the timeline then reads it from the changelog.
   */
  readonly status: KnownStatus | null;
  /** The resolution's name, or null when unresolved. */
  readonly resolution: string | null;
  readonly created: Instant;
  readonly resolved: Instant | null;
  readonly parentKey: string | null;
  /** The issue's summary as Jira holds it (empty where the data has none). */
  readonly summary: string;
  /** Null when the data carries no changelog at all (not the same as an empty changelog). */
  readonly changelog: Changelog | null;
}
