import { DEFAULT_SETTINGS, type FlowSettings } from '../../src/domain/settings';
import { MS_PER_DAY, type KnownStatus, type StatusRef, type WorkItem } from '../../src/domain/types';

/** A small workflow with every kind of status, for table-driven domain tests. */
export const STATUSES: readonly KnownStatus[] = [
  { id: '1', name: 'To Do', category: 'new' },
  { id: '2', name: 'Backlog', category: 'new' },
  { id: '3', name: 'In Progress', category: 'indeterminate' },
  { id: '4', name: 'Reopened', category: 'new' },
  { id: '5', name: 'Resolved', category: 'done' },
  { id: '6', name: 'Closed', category: 'done' },
  { id: '7', name: 'Waiting for Review', category: 'indeterminate' },
  { id: '8', name: 'In Review', category: 'indeterminate' },
  { id: '9', name: 'Done', category: 'done' },
];

/** Monday 2024-01-01 00:00 UTC: day 0 of every test timeline. */
export const T0 = Date.UTC(2024, 0, 1);

/** An instant `days` (fractions allowed) after T0. */
export const at = (days: number): number => T0 + days * MS_PER_DAY;

export function ref(name: string): StatusRef {
  const known = STATUSES.find((s) => s.name === name);
  return { id: known?.id ?? null, name };
}

export function status(name: string): KnownStatus {
  return STATUSES.find((s) => s.name === name) ?? { id: null, name, category: null };
}

export interface ItemSpec {
  key?: string;
  type?: string;
  level?: number;
  labels?: string[];
  created?: number;
  /** The current status's name; null for data that left `fields.status` out. */
  status?: string | null;
  resolution?: string | null;
  resolved?: number | null;
  /** [day, from, to] status changes, in any order. */
  changes?: [number, string | null, string][];
  /** [day, flagged] Flagged changes. */
  flags?: [number, boolean][];
  /** The source held only part of the changelog. */
  truncated?: boolean;
  /** Set to false for data without any changelog. */
  changelog?: boolean;
  project?: string;
}

let counter = 0;

export function workItem(spec: ItemSpec = {}): WorkItem {
  counter++;
  const key = spec.key ?? `T-${counter}`;
  const changes = spec.changes ?? [];
  const last = changes.length > 0 ? [...changes].sort((a, b) => a[0] - b[0])[changes.length - 1] : undefined;
  const statusName = spec.status === null ? (last?.[2] ?? 'To Do') : (spec.status ?? last?.[2] ?? 'To Do');
  return {
    id: String(10_000 + counter),
    key,
    projectKey: spec.project ?? key.slice(0, key.lastIndexOf('-')),
    issueType: { name: spec.type ?? 'Story', hierarchyLevel: spec.level ?? 0 },
    labels: spec.labels ?? [],
    status: spec.status === null ? null : status(statusName),
    resolution:
      spec.resolution === undefined
        ? status(statusName).category === 'done'
          ? 'Done'
          : null
        : spec.resolution,
    created: spec.created ?? at(0),
    resolved: spec.resolved === undefined ? null : spec.resolved,
    parentKey: null,
    summary: `Summary of ${key}`,
    changelog:
      spec.changelog === false
        ? null
        : {
            statusChanges: changes.map(([d, from, to], i) => ({
              at: at(d),
              seq: i,
              from: from === null ? null : ref(from),
              to: ref(to),
            })),
            flagChanges: (spec.flags ?? []).map(([d, flagged], i) => ({ at: at(d), seq: i, flagged })),
            truncated: spec.truncated ?? false,
          },
  };
}

export function settings(overrides: Partial<FlowSettings> = {}): FlowSettings {
  return { ...DEFAULT_SETTINGS, ...overrides };
}
