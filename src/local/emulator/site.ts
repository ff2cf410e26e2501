import { z } from 'zod';
import { AGREEMENT_INDEX, AGREEMENT_PROPERTY_KEY, type IndexedPath } from '../../jira/agreement-index';
import { parseJiraDateTime } from '../../jira/datetime';
import { normaliseName } from '../../domain/status-map';
import { currentStatusOf } from '../../domain/timeline';
import { toWorkItem } from '../../jira/issue-mapper';
import { changelogItemSchema, issueSchema, type JiraChangelogItem, type JiraIssue } from '../../jira/schemas';
import type { LoadedDataset } from '../dataset/load-dataset';
import type { JqlEnvironment, JqlIssue } from './jql-model';
import { DEFAULT_ADMIN, parseUsers, type EmulatedUser } from './users';
import { siteFields, siteIssueTypes, siteProjects, siteStatuses, stableId } from './site-catalog';

/**
 * The data of an emulated Jira site: issues as the dataset holds them (all their fields, kept for
 * `fields` selection), their histories, entity properties, and the site's statuses, issue types,
 * projects, fields and users. Writes (labels, properties, new work items) change it in memory.
 */

const rawItemSchema = z.looseObject({
  field: z.string(),
  fieldtype: z.string().optional(),
  fieldId: z.string().optional(),
});
const rawHistorySchema = z.looseObject({
  id: z.string().optional(),
  created: z.union([z.string(), z.number()]),
  items: z.array(rawItemSchema),
});
const rawIssueSchema = z.looseObject({
  fields: z.record(z.string(), z.unknown()),
  changelog: z.looseObject({ histories: z.array(rawHistorySchema) }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

export type RawHistoryItem = z.infer<typeof rawItemSchema>;

export interface SiteHistory {
  readonly id: string;
  /** As Jira writes it, e.g. 2013-07-25T05:16:17.000-0400. */
  readonly created: string;
  readonly at: number;
  readonly author?: unknown;
  readonly items: readonly RawHistoryItem[];
}

export interface SiteStatus {
  readonly id: string;
  readonly name: string;
  readonly category: 'new' | 'indeterminate' | 'done' | null;
}

export interface SiteIssueType {
  readonly id: string;
  readonly name: string;
  readonly subtask: boolean;
  readonly hierarchyLevel: number;
}

export interface SiteProject {
  readonly id: string;
  readonly key: string;
  readonly name: string;
}

export interface SiteField {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly custom: boolean;
}

export class SiteIssue {
  parsed: JiraIssue;
  fields: Record<string, unknown>;
  readonly histories: SiteHistory[];
  readonly properties: Map<string, unknown>;
  updated: number;
  /**
   * The status Jira would answer for an issue whose export left `fields.status` out; null when
   * the export has it. Jira always knows an issue's status, so the emulator serves this one.
   */
  readonly servedStatus: SiteStatus | null;

  constructor(
    parsed: JiraIssue,
    fields: Record<string, unknown>,
    histories: SiteHistory[],
    properties: Map<string, unknown>,
    servedStatus: SiteStatus | null = null,
  ) {
    this.parsed = parsed;
    this.fields = fields;
    this.servedStatus = servedStatus;
    this.histories = histories;
    this.properties = properties;
    // Kept as exported: Jira does not move `updated` for every history (a workflow migration, as on
    // AGPUSH-46, leaves it), and JQL's `updated` reads the field, not the history.
    const updated = typeof fields.updated === 'string' ? parseJiraDateTime(fields.updated) : null;
    this.updated = updated ?? Math.max(parsed.fields.created, ...histories.map((h) => h.at));
  }

  get id(): string {
    return this.parsed.id;
  }

  get key(): string {
    return this.parsed.key;
  }

  get projectKey(): string {
    return this.parsed.fields.project?.key ?? this.key.slice(0, this.key.lastIndexOf('-'));
  }

  /** The name of the issue's security level (`fields.security`), or null when it has none. */
  get securityLevel(): string | null {
    const security = this.fields.security;
    if (typeof security !== 'object' || security === null || !('name' in security)) return null;
    return typeof security.name === 'string' ? security.name : null;
  }
}

export class EmulatedSite {
  readonly issues: SiteIssue[] = [];
  readonly byKey = new Map<string, SiteIssue>();
  readonly byId = new Map<string, SiteIssue>();
  readonly statuses: readonly SiteStatus[];
  readonly issueTypes: SiteIssueType[];
  readonly projects: SiteProject[];
  readonly fields: SiteField[];
  readonly users: EmulatedUser[];
  readonly flaggedFieldId: string;
  readonly indexedProperties: ReadonlyMap<string, readonly IndexedPath[]>;
  /** The latest moment anything happened in the data: where the preview's clock starts. */
  readonly lastActivity: number;
  private nextHistoryId = 1;

  constructor(dataset: LoadedDataset) {
    let last = 0;
    this.statuses = siteStatuses(dataset);
    dataset.rawIssues.forEach((raw, index) => {
      const exported = dataset.issues[index] ?? issueSchema.parse(raw);
      const served = exported.fields.status === undefined ? this.statusOf(exported) : null;
      const parsedIssue =
        served === null
          ? exported
          : {
              ...exported,
              fields: {
                ...exported.fields,
                status: {
                  id: served.id,
                  name: served.name,
                  ...(served.category !== null ? { statusCategory: { key: served.category } } : {}),
                },
              },
            };
      const r = rawIssueSchema.parse(raw);
      const histories = (r.changelog?.histories ?? [])
        .map((h, i): SiteHistory => {
          const at = typeof h.created === 'number' ? h.created : (parseJiraDateTime(h.created) ?? 0);
          return {
            id: h.id ?? `${parsedIssue.id}${String(i).padStart(4, '0')}`,
            created: typeof h.created === 'string' ? h.created : new Date(at).toISOString(),
            at,
            author: h.author,
            items: h.items,
          };
        })
        .sort((a, b) => a.at - b.at || Number(a.id) - Number(b.id));
      const issue = new SiteIssue(
        parsedIssue,
        { ...r.fields },
        histories,
        new Map(Object.entries(r.properties ?? {})),
        served,
      );
      this.issues.push(issue);
      this.byKey.set(issue.key.toUpperCase(), issue);
      this.byId.set(issue.id, issue);
      last = Math.max(last, issue.updated, issue.parsed.fields.resolutiondate ?? 0);
      for (const h of histories) this.nextHistoryId = Math.max(this.nextHistoryId, Number(h.id) + 1 || 0);
    });
    this.lastActivity = last;

    this.issueTypes = siteIssueTypes(dataset, this.issues);
    this.projects = siteProjects(dataset, this.issues);
    const fields = siteFields(dataset, this.issues);
    this.fields = fields.fields;
    this.flaggedFieldId = fields.flaggedFieldId;
    this.users = dataset.usersJson !== null ? parseUsers(dataset.usersJson) : [DEFAULT_ADMIN];
    this.indexedProperties = new Map([[AGREEMENT_PROPERTY_KEY, AGREEMENT_INDEX]]);
  }

  /**
   * The status of an issue exported without one: where its last status change went, or, for an
   * issue that never moved, the site's first status of the To Do category (docs/flow-metrics.md#flow-states-and-the-timeline reads such an
   * issue as still in its initial, new state).
   */
  private statusOf(issue: JiraIssue): SiteStatus {
    const last = currentStatusOf(toWorkItem(issue));
    if (last !== null) {
      const known =
        (last.id !== null ? this.statuses.find((s) => s.id === last.id) : undefined) ??
        this.statuses.find((s) => normaliseName(s.name) === normaliseName(last.name));
      return known ?? { id: last.id ?? stableId(last.name), name: last.name, category: null };
    }
    return (
      this.statuses.find((s) => s.category === 'new') ?? {
        id: stableId('To Do'),
        name: 'To Do',
        category: 'new',
      }
    );
  }

  /** Ids (or `name:` and the lower-case name, where a change names no id) of every status an issue has been in. */
  statusesOf(issue: SiteIssue): Set<string> {
    const out = new Set<string>();
    const add = (id: string | null | undefined, name: string | null | undefined): void => {
      if (id !== null && id !== undefined) out.add(id);
      else if (name !== null && name !== undefined) out.add(`name:${name.toLowerCase()}`);
    };
    const current = issue.parsed.fields.status;
    add(current?.id, current?.name);
    for (const h of issue.histories) {
      for (const raw of h.items) {
        if (this.fieldIdOf(raw) !== 'status') continue;
        const item = changelogItemSchema.safeParse(raw);
        if (!item.success) continue;
        add(item.data.from, item.data.fromName);
        add(item.data.to, item.data.toName);
      }
    }
    return out;
  }

  issue(idOrKey: string): SiteIssue | undefined {
    return this.byKey.get(idOrKey.toUpperCase()) ?? this.byId.get(idOrKey);
  }

  project(idOrKey: string): SiteProject | undefined {
    return this.projects.find((p) => p.key.toUpperCase() === idOrKey.toUpperCase() || p.id === idOrKey);
  }

  /** The field id a changelog item stands for (Server data has no `fieldId`). */
  fieldIdOf(item: RawHistoryItem): string {
    if (item.fieldId !== undefined) return item.fieldId;
    if (item.field.toLowerCase() === 'flagged') return this.flaggedFieldId;
    const known = this.fields.find(
      (f) => f.name.toLowerCase() === item.field.toLowerCase() || f.id === item.field,
    );
    return known?.id ?? item.field.toLowerCase();
  }

  /** Records a change as Jira does: a new history on the issue, and `updated` moves. */
  recordChange(issue: SiteIssue, at: number, author: EmulatedUser | null, items: RawHistoryItem[]): void {
    issue.histories.push({
      id: String(this.nextHistoryId++),
      created: formatJiraDateTime(at),
      at,
      ...(author !== null
        ? {
            author: {
              accountId: author.accountId,
              displayName: author.displayName,
              accountType: 'atlassian',
              active: true,
            },
          }
        : {}),
      items,
    });
    issue.updated = at;
    issue.fields.updated = formatJiraDateTime(at);
  }

  /** Labels changed in place; the narrow parse follows so that JQL sees the new labels. */
  setLabels(issue: SiteIssue, labels: readonly string[]): void {
    issue.fields.labels = [...labels];
    issue.parsed = { ...issue.parsed, fields: { ...issue.parsed.fields, labels: [...labels] } };
    this.wrote(issue);
  }

  private readonly writeListeners: ((issue: SiteIssue) => void)[] = [];

  /** Called after every write to an issue's labels or properties (the preview keeps them). */
  onWrite(listener: (issue: SiteIssue) => void): void {
    this.writeListeners.push(listener);
  }

  /** An issue's labels or properties were written. */
  wrote(issue: SiteIssue): void {
    for (const listener of this.writeListeners) listener(issue);
  }

  /** A person changes an issue's labels, as Jira records it: the labels, a history, `updated`. */
  relabel(issue: SiteIssue, labels: readonly string[], at: number, author: EmulatedUser | null): void {
    const before = issue.parsed.fields.labels ?? [];
    this.setLabels(issue, labels);
    this.recordChange(issue, at, author, [
      {
        field: 'labels',
        fieldtype: 'jira',
        fieldId: 'labels',
        from: null,
        fromString: before.join(' '),
        to: null,
        toString: labels.join(' '),
      },
    ]);
  }

  /**
   * A work item created through the API, numbered as Jira numbers them: an id past every id of the
   * site, and its space's key with the number after the highest that space's keys have reached, so
   * that neither collides with the data's. `fields` are as Jira answers them; `created` and
   * `updated` are `at`. It has no history: Jira records none for a creation.
   */
  addIssue(projectKey: string, fields: Record<string, unknown>, at: number): SiteIssue {
    let lastId = 0;
    for (const i of this.issues) lastId = Math.max(lastId, Number(i.id) || 0);
    const prefix = `${projectKey.toUpperCase()}-`;
    let lastNumber = 0;
    for (const key of this.byKey.keys()) {
      if (key.startsWith(prefix)) lastNumber = Math.max(lastNumber, Number(key.slice(prefix.length)) || 0);
    }
    const issue = this.insertIssue(String(lastId + 1), `${projectKey}-${lastNumber + 1}`, fields, at);
    for (const listener of this.createListeners) listener(issue);
    return issue;
  }

  /**
   * A work item created earlier, put back with the id and key it was given then (the preview's
   * restart: what links to it by key must find it again). Later creations number past it, as they
   * did before. Refused where the data already has that id or key: the record is of other data.
   */
  recreateIssue(id: string, key: string, fields: Record<string, unknown>, at: number): SiteIssue {
    const taken = this.byId.get(id) ?? this.byKey.get(key.toUpperCase());
    if (taken !== undefined)
      throw new Error(
        `cannot recreate ${key} (id ${id}): the site already has ${taken.key} (id ${taken.id})`,
      );
    return this.insertIssue(id, key, fields, at);
  }

  private insertIssue(id: string, key: string, fields: Record<string, unknown>, at: number): SiteIssue {
    const raw = {
      id,
      key,
      fields: { ...fields, created: formatJiraDateTime(at), updated: formatJiraDateTime(at) },
    };
    const issue = new SiteIssue(issueSchema.parse(raw), raw.fields, [], new Map());
    this.issues.push(issue);
    this.byKey.set(key.toUpperCase(), issue);
    this.byId.set(id, issue);
    return issue;
  }

  private readonly createListeners: ((issue: SiteIssue) => void)[] = [];

  /** Called after each work item created through the API (the preview keeps them). */
  onCreate(listener: (issue: SiteIssue) => void): void {
    this.createListeners.push(listener);
  }

  /**
   * The status a new work item of a type starts in, of the To Do category: the one the space's
   * work items of that type started in most often (where their first status change left, or where
   * one never changed still is), else the one any of the space's work items started in most often,
   * else the site's To Do (a dataset has no workflows to say which is initial).
   */
  initialStatusOf(projectKey: string, issueTypeId: string): SiteStatus {
    const ofType = new Map<SiteStatus, number>();
    const ofSpace = new Map<SiteStatus, number>();
    for (const issue of this.issues) {
      if (issue.projectKey !== projectKey) continue;
      const started = this.startedIn(issue);
      if (started?.category !== 'new') continue;
      ofSpace.set(started, (ofSpace.get(started) ?? 0) + 1);
      if ((issue.parsed.fields.issuetype.id ?? '') === issueTypeId)
        ofType.set(started, (ofType.get(started) ?? 0) + 1);
    }
    const commonest = (counts: Map<SiteStatus, number>): SiteStatus | undefined =>
      [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    return (
      commonest(ofType) ??
      commonest(ofSpace) ??
      this.statuses.find((s) => s.category === 'new' && normaliseName(s.name) === normaliseName('To Do')) ??
      this.statuses.find((s) => s.category === 'new') ?? {
        id: stableId('To Do'),
        name: 'To Do',
        category: 'new',
      }
    );
  }

  /** The site's status an issue started in: where its first status change left, else where it is. */
  private startedIn(issue: SiteIssue): SiteStatus | undefined {
    const change = this.firstStatusChange(issue);
    const id = change !== undefined ? change.from : issue.parsed.fields.status?.id;
    const name = change !== undefined ? change.fromName : issue.parsed.fields.status?.name;
    return (
      (id !== null && id !== undefined ? this.statuses.find((s) => s.id === id) : undefined) ??
      (name !== null && name !== undefined
        ? this.statuses.find((s) => normaliseName(s.name) === normaliseName(name))
        : undefined)
    );
  }

  private firstStatusChange(issue: SiteIssue): JiraChangelogItem | undefined {
    for (const h of issue.histories) {
      for (const raw of h.items) {
        if (this.fieldIdOf(raw) !== 'status') continue;
        const item = changelogItemSchema.safeParse(raw);
        if (item.success) return item.data;
      }
    }
    return undefined;
  }

  jqlEnvironment(now: number, visibleProjects: readonly SiteProject[]): JqlEnvironment {
    return {
      now,
      projects: visibleProjects,
      statuses: this.statuses,
      issueTypes: this.issueTypes,
      indexedProperties: this.indexedProperties,
    };
  }

  jqlView(issue: SiteIssue): JqlIssue {
    const f = issue.parsed.fields;
    const project = this.project(issue.projectKey) ?? {
      id: stableId(issue.projectKey),
      key: issue.projectKey,
      name: issue.projectKey,
    };
    // The site always has a status for an issue (`servedStatus` where the export had none).
    const status = f.status ?? { name: issue.servedStatus?.name ?? 'To Do', id: issue.servedStatus?.id };
    const statusId = status.id ?? stableId(status.name);
    // JQL's statusCategory is the status's category on the site, whatever an old export of the issue said.
    const statusCategory =
      this.statuses.find((s) => s.id === statusId)?.category ?? status.statusCategory?.key;
    return {
      id: Number(issue.id),
      key: issue.key,
      project,
      issueType: { id: f.issuetype.id ?? stableId(f.issuetype.name), name: f.issuetype.name },
      status: { id: statusId, name: status.name },
      statusCategory:
        statusCategory === 'new' || statusCategory === 'indeterminate' || statusCategory === 'done'
          ? statusCategory
          : null,
      labels: f.labels ?? [],
      parent: f.parent ? { id: f.parent.id ?? '', key: f.parent.key } : null,
      created: f.created,
      updated: issue.updated,
      resolved: f.resolutiondate ?? null,
      resolution: f.resolution?.name ?? null,
      summary: f.summary ?? '',
      property: (key) => issue.properties.get(key),
    };
  }
}

/** Jira's own format: 2024-05-01T09:30:00.000+0000. */
export function formatJiraDateTime(t: number): string {
  return new Date(t).toISOString().replace('Z', '+0000');
}
