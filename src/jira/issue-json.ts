import { parseJiraDateTime } from './datetime';

/**
 * Readers for exactly the parts of Jira's issue JSON the app reads: the issue, its fields, its
 * status and type, and its change histories (from a search's `expand=changelog` or from
 * bulkfetch). Unknown keys are ignored (Jira adds fields freely); the ones read are checked, and
 * the first that is wrong is reported with its path. They accept both REST v2 (Server/DC, the
 * public datasets) and v3 (Cloud): the fields read are the same in both, except that v3 adds
 * `hierarchyLevel` to issue types and `fieldId` to changelog items.
 *
 * Written by hand rather than as zod schemas because a cold load of 10 000 work items passes
 * about 16 MB of them: a schema library's generic walk, and the copies it makes, cost more than
 * the JSON parse itself (docs/jira.md#what-a-load-costs). `schemas.ts` offers them as zod schemas,
 * so that answers made of them are still described in one place.
 *
 * Only own keys are read: Jira names two of a changelog item's keys `fromString` and `toString`,
 * and an object without an own `toString` would otherwise show `Object.prototype.toString`.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/
 */

export interface JiraStatusCategory {
  readonly id?: number;
  readonly key: string;
  readonly name?: string;
}

export interface JiraStatus {
  readonly id?: string;
  readonly name: string;
  readonly statusCategory?: JiraStatusCategory;
}

export interface JiraIssueType {
  readonly id?: string;
  readonly name: string;
  readonly subtask?: boolean;
  readonly hierarchyLevel?: number;
}

/** A changelog item, with Jira's `fromString` / `toString` renamed `fromName` / `toName`. */
export interface JiraChangelogItem {
  readonly field: string;
  readonly fieldId?: string;
  readonly from?: string | null;
  readonly to?: string | null;
  readonly fromName?: string | null;
  readonly toName?: string | null;
}

export interface JiraChangeHistory {
  readonly id?: string;
  /** Milliseconds since the epoch. */
  readonly created: number;
  readonly items: JiraChangelogItem[];
}

export interface JiraIssueFields {
  readonly issuetype: JiraIssueType;
  /** Absent when a search asked for other fields only (Server exports of issuetype,created,...). */
  readonly status?: JiraStatus;
  readonly project?: { readonly id?: string; readonly key: string };
  readonly labels?: string[];
  readonly resolution?: { readonly name: string } | null;
  readonly created: number;
  readonly resolutiondate?: number | null;
  /** When the issue last changed: what a cached fact is compared by (docs/jira.md#the-fact-cache). */
  readonly updated?: number;
  readonly parent?: { readonly id?: string; readonly key: string };
  readonly summary?: string;
}

export interface JiraIssue {
  readonly id: string;
  readonly key: string;
  readonly fields: JiraIssueFields;
  readonly changelog?: {
    readonly startAt?: number;
    readonly total?: number;
    readonly histories: JiraChangeHistory[];
  };
  readonly properties?: Record<string, unknown>;
}

/** The first value that is not what is read, and where it is (keys and indexes from the top). */
export class ShapeError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
    this.name = 'ShapeError';
  }
}

/** A reader of one JSON value; it throws a ShapeError at the first part that is wrong. */
export type Reader<T> = (value: unknown) => T;

/*
 * The readers are written flat, one statement per key, with the key being read kept for the
 * error's path: a cold resolver runs them mostly in V8's interpreter, where every extra call per
 * key shows (a reader built of per-key helper calls measured slower than zod's generated code).
 */

type JsonObject = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

function wrong(expected: string, value: unknown): never {
  throw new ShapeError([], `expected ${expected}, got ${describe(value)}`);
}

/** Rethrows a failure inside `key` with `key` in front of its path. */
function within(e: unknown, key: string | number): never {
  if (e instanceof ShapeError) e.path.unshift(key);
  throw e;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownValue(o: JsonObject, key: string): unknown {
  return Object.hasOwn(o, key) ? Object.getOwnPropertyDescriptor(o, key)?.value : undefined;
}

function object(value: unknown): JsonObject {
  return isJsonObject(value) ? value : wrong('an object', value);
}

export function arrayOf<T>(read: Reader<T>): Reader<T[]> {
  return (value) => {
    if (!Array.isArray(value)) wrong('an array', value);
    const out: T[] = new Array<T>(value.length);
    let i = 0;
    try {
      for (; i < value.length; i++) out[i] = read(value[i]);
    } catch (e) {
      within(e, i);
    }
    return out;
  };
}

export function string(value: unknown): string {
  return typeof value === 'string' ? value : wrong('a string', value);
}

function optionalString(value: unknown): string | undefined {
  return value === undefined ? undefined : string(value);
}

function nullableString(value: unknown): string | null | undefined {
  return value === null ? null : optionalString(value);
}

function optionalInteger(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : wrong('an integer', value);
}

const strings = arrayOf(string);

export function jiraDateTime(value: unknown): number {
  const text = string(value);
  const t = parseJiraDateTime(text);
  if (t === null) throw new ShapeError([], `not a Jira date-time: ${JSON.stringify(text.slice(0, 40))}`);
  return t;
}

// The instants a four-digit year can name (0000-01-01 to 9999-12-31); a number beyond them, such
// as 1e300, is no date, and would only fail later where nobody can say which record it came from.
const EARLIEST_INSTANT = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(0);
const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The bulk changelog API's own example dates a history with epoch seconds where its schema says a
 * date-time string; both are read (a number above 10^12 is taken as milliseconds).
 */
function historyCreated(value: unknown): number {
  if (typeof value === 'string') return jiraDateTime(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) wrong('a date-time', value);
  const ms = Math.abs(value) >= 1e12 ? value : value * 1000;
  if (ms < EARLIEST_INSTANT || ms > LATEST_INSTANT) {
    throw new ShapeError([], 'a numeric date outside the years 0000 to 9999');
  }
  return ms;
}

function statusCategory(value: unknown): JiraStatusCategory {
  const o = object(value);
  let key = 'id';
  try {
    const id = optionalInteger(o.id);
    key = 'key';
    const categoryKey = string(o.key);
    key = 'name';
    return { id, key: categoryKey, name: optionalString(o.name) };
  } catch (e) {
    return within(e, key);
  }
}

export function readStatus(value: unknown): JiraStatus {
  const o = object(value);
  let key = 'id';
  try {
    const id = optionalString(o.id);
    key = 'name';
    const name = string(o.name);
    key = 'statusCategory';
    return {
      id,
      name,
      statusCategory: o.statusCategory === undefined ? undefined : statusCategory(o.statusCategory),
    };
  } catch (e) {
    return within(e, key);
  }
}

export function readIssueType(value: unknown): JiraIssueType {
  const o = object(value);
  let key = 'id';
  try {
    const id = optionalString(o.id);
    key = 'name';
    const name = string(o.name);
    key = 'subtask';
    const subtask = o.subtask;
    if (subtask !== undefined && typeof subtask !== 'boolean') wrong('true or false', subtask);
    key = 'hierarchyLevel';
    return { id, name, subtask, hierarchyLevel: optionalInteger(o.hierarchyLevel) };
  } catch (e) {
    return within(e, key);
  }
}

export function readChangelogItem(value: unknown): JiraChangelogItem {
  const o = object(value);
  let key = 'field';
  try {
    const field = string(o.field);
    key = 'fieldId';
    const fieldId = optionalString(o.fieldId);
    key = 'from';
    const from = nullableString(o.from);
    key = 'to';
    const to = nullableString(o.to);
    key = 'fromString';
    const fromName = nullableString(o.fromString);
    key = 'toString';
    // Own only: without it, `o.toString` is Object.prototype's.
    const toName = nullableString(ownValue(o, 'toString'));
    return { field, fieldId, from, to, fromName, toName };
  } catch (e) {
    return within(e, key);
  }
}

const changelogItems = arrayOf(readChangelogItem);

export function readChangeHistory(value: unknown): JiraChangeHistory {
  const o = object(value);
  let key = 'id';
  try {
    const id = optionalString(o.id);
    key = 'created';
    const created = historyCreated(o.created);
    key = 'items';
    return { id, created, items: changelogItems(o.items) };
  } catch (e) {
    return within(e, key);
  }
}

export const readChangeHistories = arrayOf(readChangeHistory);

function keyRef(value: unknown): { id?: string; key: string } {
  const o = object(value);
  let key = 'id';
  try {
    const id = optionalString(o.id);
    key = 'key';
    return { id, key: string(o.key) };
  } catch (e) {
    return within(e, key);
  }
}

function fields(value: unknown): JiraIssueFields {
  const o = object(value);
  let key = 'issuetype';
  try {
    const issuetype = readIssueType(o.issuetype);
    key = 'status';
    const status = o.status === undefined ? undefined : readStatus(o.status);
    key = 'project';
    const project = o.project === undefined ? undefined : keyRef(o.project);
    key = 'labels';
    const labels = o.labels === undefined ? undefined : strings(o.labels);
    key = 'resolution';
    const resolution =
      o.resolution === undefined || o.resolution === null ? o.resolution : resolutionName(o.resolution);
    key = 'created';
    const created = jiraDateTime(o.created);
    key = 'resolutiondate';
    const resolutiondate =
      o.resolutiondate === undefined || o.resolutiondate === null
        ? o.resolutiondate
        : jiraDateTime(o.resolutiondate);
    key = 'updated';
    const updated = o.updated === undefined ? undefined : jiraDateTime(o.updated);
    key = 'parent';
    const parent = o.parent === undefined ? undefined : keyRef(o.parent);
    key = 'summary';
    const summary = optionalString(o.summary);
    return {
      issuetype,
      status,
      project,
      labels,
      resolution,
      created,
      resolutiondate,
      updated,
      parent,
      summary,
    };
  } catch (e) {
    return within(e, key);
  }
}

function resolutionName(value: unknown): { name: string } {
  const o = object(value);
  try {
    return { name: string(o.name) };
  } catch (e) {
    return within(e, 'name');
  }
}

function changelog(value: unknown): NonNullable<JiraIssue['changelog']> {
  const o = object(value);
  let key = 'startAt';
  try {
    const startAt = optionalInteger(o.startAt);
    key = 'total';
    const total = optionalInteger(o.total);
    key = 'histories';
    return { startAt, total, histories: readChangeHistories(o.histories) };
  } catch (e) {
    return within(e, key);
  }
}

export function readIssue(value: unknown): JiraIssue {
  const o = object(value);
  let key = 'id';
  try {
    const id = string(o.id);
    key = 'key';
    const issueKey = string(o.key);
    if (issueKey === '') wrong('a non-empty string', issueKey);
    key = 'fields';
    const issueFields = fields(o.fields);
    key = 'changelog';
    const log = o.changelog === undefined ? undefined : changelog(o.changelog);
    key = 'properties';
    // Given as they are (their own readers check them where they are used); fromEntries defines
    // each key as an own property, so a key named `__proto__` stays data.
    const properties =
      o.properties === undefined ? undefined : Object.fromEntries(Object.entries(object(o.properties)));
    return { id, key: issueKey, fields: issueFields, changelog: log, properties };
  } catch (e) {
    return within(e, key);
  }
}
