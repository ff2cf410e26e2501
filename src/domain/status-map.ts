import type { FlowSettings } from './settings';
import {
  STATUS_CATEGORIES,
  type FlowState,
  type KnownStatus,
  type StatusCategory,
  type StatusRef,
} from './types';

/** How one status maps to a flow state, and whether its category had to be guessed. */
export interface StatusMapping {
  readonly state: FlowState;
  readonly category: StatusCategory;
  /** True when the category came from the name because Jira did not tell us (docs/flow-metrics.md#flow-states-and-the-timeline). */
  readonly inferred: boolean;
  /** True when a settings override decided the state. */
  readonly overridden: boolean;
  /** The status as it was identified: the known status where one matched, else the reference. */
  readonly status: StatusRef;
}

// Names that Jira's own default workflows use; a changelog may name statuses that have since left
// every workflow, and Jira Server changelogs carry no category at all.
const INFERRED_NEW_NAMES = new Set(['open', 'reopened', 'to do', 'todo', 'backlog', 'new']);
const INFERRED_DONE_NAMES = new Set([
  'done',
  'closed',
  'resolved',
  'complete',
  'completed',
  'cancelled',
  'canceled',
  'rejected',
  "won't do",
]);

/** Lower-case, trimmed, with typographic apostrophes made plain (`Won’t Do` is `won't do`). */
export function normaliseName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'");
}

export function inferCategoryFromName(name: string): StatusCategory {
  const n = normaliseName(name);
  if (INFERRED_NEW_NAMES.has(n)) return 'new';
  if (INFERRED_DONE_NAMES.has(n)) return 'done';
  return 'indeterminate';
}

/**
 * Maps statuses to flow states: settings overrides first, else the status category (known or
 * inferred), with waiting keywords splitting `indeterminate` into active and waiting. Statuses are
 * matched by id first, then by name, because names change and ids do not; results are memoised.
 */
export class StatusMapper {
  private readonly byId = new Map<string, KnownStatus>();
  private readonly byName = new Map<string, KnownStatus>();
  private readonly overrideById = new Map<string, FlowState>();
  private readonly overrideByName = new Map<string, FlowState>();
  private readonly waitingKeywords: readonly string[];
  private readonly memo = new Map<string, Map<string, StatusMapping>>();

  constructor(
    knownStatuses: Iterable<KnownStatus>,
    settings: Pick<FlowSettings, 'statusOverrides' | 'waitingStatusKeywords'>,
  ) {
    for (const s of knownStatuses) {
      // The first status with a category wins; a later duplicate only fills a missing category.
      if (s.id !== null) addKnown(this.byId, s.id, s);
      addKnown(this.byName, normaliseName(s.name), s);
    }
    for (const o of settings.statusOverrides) {
      if (o.statusId !== null) this.overrideById.set(o.statusId, o.state);
      if (o.statusName !== null) this.overrideByName.set(normaliseName(o.statusName), o.state);
    }
    this.waitingKeywords = settings.waitingStatusKeywords.map(normaliseName);
  }

  /** Called once per status change, so memoised by id, then by name, without building keys. */
  map(ref: StatusRef): StatusMapping {
    let byName = this.memo.get(ref.id ?? '');
    if (byName === undefined) {
      byName = new Map();
      this.memo.set(ref.id ?? '', byName);
    }
    let mapping = byName.get(ref.name);
    if (mapping === undefined) {
      mapping = this.compute(ref);
      byName.set(ref.name, mapping);
    }
    return mapping;
  }

  /** Every status mapped so far whose category was inferred, for the data-quality report. */
  inferredStatuses(): StatusMapping[] {
    const seen = new Map<string, StatusMapping>();
    for (const byName of this.memo.values()) {
      for (const m of byName.values()) {
        if (m.inferred) seen.set(`${m.status.id ?? ''}\u0000${normaliseName(m.status.name)}`, m);
      }
    }
    return [...seen.values()];
  }

  private compute(ref: StatusRef): StatusMapping {
    const known =
      (ref.id !== null ? this.byId.get(ref.id) : undefined) ?? this.byName.get(normaliseName(ref.name));
    const status: StatusRef = known ?? ref;
    const override = this.override(status, ref);
    const knownCategory = known?.category ?? null;
    const category = knownCategory ?? inferCategoryFromName(status.name);
    const inferred = knownCategory === null && override === undefined;
    const state = override ?? this.stateOf(category, status.name);
    return { state, category, inferred, overridden: override !== undefined, status };
  }

  private override(status: StatusRef, ref: StatusRef): FlowState | undefined {
    const id = status.id ?? ref.id;
    const byId = id !== null ? this.overrideById.get(id) : undefined;
    return (
      byId ??
      this.overrideByName.get(normaliseName(status.name)) ??
      this.overrideByName.get(normaliseName(ref.name))
    );
  }

  private stateOf(category: StatusCategory, name: string): FlowState {
    if (category === 'new') return 'new';
    if (category === 'done') return 'done';
    const n = normaliseName(name);
    return this.waitingKeywords.some((k) => n.includes(k)) ? 'waiting' : 'active';
  }
}

/** Keeps the first status under a key, unless a later one brings the category the first lacked. */
function addKnown(index: Map<string, KnownStatus>, key: string, status: KnownStatus): void {
  const existing = index.get(key);
  if (existing === undefined) index.set(key, status);
  else if (existing.category === null && status.category !== null) index.set(key, status);
}

/**
 * One of each status (same id and name), preferring one with a category. Thousands of issues share
 * a handful of statuses; this keeps the status list short before the mapper normalises names.
 */
export function distinctStatuses(statuses: Iterable<KnownStatus>): KnownStatus[] {
  const index = new Map<string, KnownStatus>();
  for (const s of statuses) addKnown(index, `${s.id ?? ''}\u0000${s.name}`, s);
  return [...index.values()];
}

/** A status whose category the work items disagree about, and what was decided. */
export interface CategoryConflict {
  readonly status: StatusRef;
  readonly chosen: StatusCategory;
  /** Where the chosen category came from: Jira's status list, or the majority of the items. */
  readonly source: 'status list' | 'majority';
  /** How many items named each category for this status. */
  readonly votes: Readonly<Record<StatusCategory, number>>;
}

export interface StatusCatalog {
  /** One entry per status, with the category decided for it. */
  readonly statuses: readonly KnownStatus[];
  readonly conflicts: readonly CategoryConflict[];
}

// A tie among the items goes to the category furthest along the workflow, so that the decision does
// not depend on the order in which the items arrived.
const TIE_ORDER: readonly StatusCategory[] = ['done', 'indeterminate', 'new'];

interface Tally {
  ref: StatusRef;
  votes: Record<StatusCategory, number>;
}

/**
 * Decides each status's category (docs/flow-metrics.md#flow-states-and-the-timeline): Jira's status list first; for a status it does not
 * list, the category most of the items now in that status carry. Items of one site can disagree
 * about one status (a workflow migration rewrites categories, and data gathered at different times
 * keeps both), so every disagreement is reported, whichever source decided.
 */
export function catalogStatuses(
  statusList: Iterable<KnownStatus>,
  currentStatuses: Iterable<KnownStatus | null>,
): StatusCatalog {
  const listed = new Map<string, KnownStatus>();
  for (const s of statusList) addKnown(listed, statusKey(s), s);
  const tallies = new Map<string, Tally>();
  for (const s of currentStatuses) {
    if (s === null) continue;
    const key = statusKey(s);
    let tally = tallies.get(key);
    if (tally === undefined) {
      tally = { ref: { id: s.id, name: s.name }, votes: { new: 0, indeterminate: 0, done: 0 } };
      tallies.set(key, tally);
    }
    if (s.category !== null) tally.votes[s.category]++;
  }
  const statuses: KnownStatus[] = [...listed.values()];
  const conflicts: CategoryConflict[] = [];
  for (const [key, tally] of tallies) {
    const voted = STATUS_CATEGORIES.filter((c) => tally.votes[c] > 0);
    const fromList = listed.get(key);
    const listedCategory = fromList?.category ?? null;
    const majority = majorityOf(tally.votes);
    const chosen = listedCategory ?? majority;
    if (fromList === undefined || fromList.category === null) {
      statuses.push({ id: tally.ref.id, name: fromList?.name ?? tally.ref.name, category: chosen });
    }
    if (chosen !== null && (voted.length > 1 || (voted.length === 1 && voted[0] !== chosen))) {
      conflicts.push({
        status: fromList ?? tally.ref,
        chosen,
        source: listedCategory !== null ? 'status list' : 'majority',
        votes: { ...tally.votes },
      });
    }
  }
  return { statuses, conflicts };
}

/** Statuses with an id are one status whatever their name; without one, the name is all there is. */
function statusKey(s: StatusRef): string {
  return s.id !== null ? `id:${s.id}` : `name:${normaliseName(s.name)}`;
}

function majorityOf(votes: Readonly<Record<StatusCategory, number>>): StatusCategory | null {
  let best: StatusCategory | null = null;
  for (const c of TIE_ORDER) if (votes[c] > 0 && (best === null || votes[c] > votes[best])) best = c;
  return best;
}
