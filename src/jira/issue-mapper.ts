import {
  STATUS_CATEGORIES,
  type Changelog,
  type FlagChange,
  type KnownStatus,
  type StatusCategory,
  type StatusChange,
  type StatusRef,
  type WorkItem,
} from '../domain/types';
import type { JiraChangeHistory, JiraIssue, JiraIssueType, JiraStatus } from './schemas';

/** Issue-type hierarchy levels known from elsewhere (a project's `issueTypes`), by issue-type id. */
export type HierarchyLevels = ReadonlyMap<string, number>;

export function toStatusCategory(key: string | undefined): StatusCategory | null {
  // Jira's placeholder category `undefined` (id 1) means "no category": treat it as unknown.
  return STATUS_CATEGORIES.find((c) => c === key) ?? null;
}

export function toKnownStatus(status: JiraStatus): KnownStatus {
  return { id: status.id ?? null, name: status.name, category: toStatusCategory(status.statusCategory?.key) };
}

/**
 * Cloud issue types carry `hierarchyLevel`; Server/DC data does not, so it is derived
 * (docs/flow-metrics.md#flow-items): sub-task → −1, a type named Epic → 1, anything else → 0.
 */
export function hierarchyLevelOf(type: JiraIssueType, known: HierarchyLevels = new Map()): number {
  if (type.hierarchyLevel !== undefined) return type.hierarchyLevel;
  const fromProject = type.id !== undefined ? known.get(type.id) : undefined;
  if (fromProject !== undefined) return fromProject;
  if (type.subtask === true) return -1;
  return type.name.trim().toLowerCase() === 'epic' ? 1 : 0;
}

/** `Flagged` is a custom field whose id differs per site; its name is the same everywhere. */
function isFlaggedField(field: string): boolean {
  return field.toLowerCase() === 'flagged';
}

function isStatusField(item: { field: string; fieldId?: string | undefined }): boolean {
  return item.fieldId === 'status' || (item.fieldId === undefined && item.field.toLowerCase() === 'status');
}

function statusRef(id: string | null | undefined, name: string | null | undefined): StatusRef | null {
  if ((id === null || id === undefined) && (name === null || name === undefined)) return null;
  return { id: id ?? null, name: name ?? '' };
}

/**
 * Orders histories chronologically. Cloud returns them newest-first and Server oldest-first; both
 * are sorted by `created`, and changes made in the same millisecond by history id, which Jira
 * allocates in increasing order. The resulting position becomes each change's `seq`.
 */
function chronological(histories: readonly JiraChangeHistory[]): JiraChangeHistory[] {
  const descending =
    histories.length > 1 && (histories[0]?.created ?? 0) > (histories[histories.length - 1]?.created ?? 0);
  const indexed = histories.map((h, i) => ({ h, pos: descending ? histories.length - 1 - i : i }));
  indexed.sort((a, b) => {
    if (a.h.created !== b.h.created) return a.h.created - b.h.created;
    const ia = Number(a.h.id);
    const ib = Number(b.h.id);
    if (Number.isFinite(ia) && Number.isFinite(ib) && ia !== ib) return ia - ib;
    return a.pos - b.pos;
  });
  return indexed.map((x) => x.h);
}

/** The status and Flagged changes of a list of change histories (search `expand=changelog` or bulkfetch). */
export function toChangelog(histories: readonly JiraChangeHistory[], truncated = false): Changelog {
  const statusChanges: StatusChange[] = [];
  const flagChanges: FlagChange[] = [];
  let seq = 0;
  for (const history of chronological(histories)) {
    for (const item of history.items) {
      seq++;
      if (isStatusField(item)) {
        const to = statusRef(item.to, item.toName);
        if (to === null) continue;
        statusChanges.push({ at: history.created, seq, from: statusRef(item.from, item.fromName), to });
      } else if (isFlaggedField(item.field)) {
        const value = item.toName ?? item.to ?? '';
        flagChanges.push({ at: history.created, seq, flagged: value.trim() !== '' && value !== '[]' });
      }
    }
  }
  return { statusChanges, flagChanges, truncated };
}

/** A page of the history rather than all of it: Jira says so with `startAt` and `total`. */
function isTruncated(changelog: {
  startAt?: number | undefined;
  total?: number | undefined;
  histories: readonly unknown[];
}): boolean {
  return (
    (changelog.startAt ?? 0) > 0 ||
    (changelog.total !== undefined && changelog.total > changelog.histories.length)
  );
}

/**
 * The project (space) key a work item key starts with: `AGPUSH` of `AGPUSH-179`, for an issue
 * whose answer left `project` out. Null for a key without one.
 */
export function projectKeyOfIssueKey(issueKey: string): string | null {
  const dash = issueKey.lastIndexOf('-');
  return dash > 0 ? issueKey.slice(0, dash) : null;
}

/** Maps a parsed Jira issue onto the domain's `WorkItem`. */
export function toWorkItem(issue: JiraIssue, levels?: HierarchyLevels): WorkItem {
  const f = issue.fields;
  return {
    id: issue.id,
    key: issue.key,
    projectKey: f.project?.key ?? projectKeyOfIssueKey(issue.key),
    issueType: { name: f.issuetype.name, hierarchyLevel: hierarchyLevelOf(f.issuetype, levels) },
    labels: f.labels ?? [],
    status: f.status === undefined ? null : toKnownStatus(f.status),
    resolution: f.resolution?.name ?? null,
    created: f.created,
    resolved: f.resolutiondate ?? null,
    parentKey: f.parent?.key ?? null,
    summary: f.summary ?? '',
    changelog:
      issue.changelog === undefined
        ? null
        : toChangelog(issue.changelog.histories, isTruncated(issue.changelog)),
  };
}
