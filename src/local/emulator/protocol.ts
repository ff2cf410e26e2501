import { z } from 'zod';
import type { EmulatedSite } from './site';
import type { Actor } from './users';

/**
 * The emulator's HTTP, in memory: what a request carries and an answer holds, Jira's error for a
 * body it cannot read, its opaque page tokens, and the request bodies of the endpoints it serves.
 */

export interface EmulatorRequest {
  readonly method: string;
  /** Path and query string. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string | undefined;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Issues a search answered, or issues whose changelogs a bulk fetch answered (for the log). */
  readonly issues?: number;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Jira's 400 for fields it will not take, each named with its reason:
 * `{ "errorMessages": [], "errors": { "summary": "You must specify a summary of the issue." } }`.
 */
export class FieldErrors extends HttpError {
  constructor(readonly errors: Readonly<Record<string, string>>) {
    super(
      400,
      Object.entries(errors)
        .map(([field, message]) => `${field}: ${message}`)
        .join('; '),
    );
  }
}

export const json = (
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): EmulatorResponse => ({
  status,
  headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  body: JSON.stringify(value),
});
export const noContent = (): EmulatorResponse => ({ status: 204, headers: {}, body: '' });

export function readJsonBody(body: string | undefined): unknown {
  if (body === undefined || body.trim() === '')
    throw new HttpError(400, 'No content to map due to end-of-input');
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new HttpError(400, 'Unexpected character in the request body: it is not valid JSON.');
  }
}

export function parseBody<T>(schema: z.ZodType<T>, body: string | undefined): T {
  const parsed = schema.safeParse(readJsonBody(body));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new HttpError(
      400,
      `Invalid request payload${first !== undefined ? `: ${first.path.join('.') || '(root)'} ${first.message}` : ''}`,
    );
  }
  return parsed.data;
}

interface PageToken {
  readonly offset: number;
  readonly query: string;
}

export function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeToken(text: string, query: string): number {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    const t = z.object({ offset: z.number().int().min(0), query: z.string() }).parse(value);
    if (t.query !== query) throw new Error('token of another query');
    return t.offset;
  } catch {
    throw new HttpError(400, 'The provided next page token is invalid or expired.');
  }
}

export function fingerprint(parts: readonly unknown[]): string {
  let h = 0x811c9dc5;
  for (const c of JSON.stringify(parts)) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return (h >>> 0).toString(36);
}

export const csv = (value: string | null): string[] | undefined =>
  value === null
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

export interface SearchParams {
  readonly jql?: string | undefined;
  readonly nextPageToken?: string | undefined;
  readonly maxResults?: number | undefined;
  readonly fields?: readonly string[] | undefined;
  readonly expand?: string | undefined;
  readonly properties?: readonly string[] | undefined;
}

/** A search asked with GET: its parameters from the query string, lists comma-separated or repeated. */
export function searchParamsFromQuery(q: URLSearchParams): SearchParams {
  const maxResults = q.get('maxResults');
  return {
    jql: q.get('jql') ?? undefined,
    nextPageToken: q.get('nextPageToken') ?? undefined,
    maxResults: maxResults === null ? undefined : Number(maxResults),
    fields: q.getAll('fields').flatMap((f) => f.split(',')),
    expand: q.get('expand') ?? undefined,
    properties: q.getAll('properties').flatMap((p) => p.split(',')),
  };
}

export const searchBodySchema = z.object({
  jql: z.string().optional(),
  nextPageToken: z.string().optional(),
  maxResults: z.number().optional(),
  fields: z.array(z.string()).optional(),
  expand: z.string().optional(),
  properties: z.array(z.string()).optional(),
  fieldsByKeys: z.boolean().optional(),
  failFast: z.boolean().optional(),
  reconcileIssues: z.array(z.number().int()).max(50).optional(),
});

export const bulkBodySchema = z.object({
  issueIdsOrKeys: z.array(z.string()),
  fieldIds: z.array(z.string()).optional(),
  maxResults: z.number().optional(),
  nextPageToken: z.string().optional(),
});

const labelOperation = z.object({
  add: z.string().optional(),
  remove: z.string().optional(),
  set: z.array(z.string()).optional(),
});
export const editBodySchema = z.object({
  fields: z
    .record(z.string(), z.unknown())
    .and(z.object({ labels: z.array(z.string()).optional() }))
    .optional(),
  update: z
    .record(z.string(), z.unknown())
    .and(z.object({ labels: z.array(labelOperation).optional() }))
    .optional(),
});

/** `POST /rest/api/3/issue`: the fields of the new work item; `update` operations name fields too. */
export const createBodySchema = z.strictObject({
  fields: z.record(z.string(), z.unknown()),
  update: z.record(z.string(), z.unknown()).optional(),
});

/** One request as an endpoint sees it: who asks, the path's parameters, the query and the body. */
export interface Context {
  readonly actor: Actor;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: string | undefined;
  readonly now: number;
}

/** What an endpoint reads beyond its request, and what it tells the emulator. */
export interface EndpointHost {
  readonly site: EmulatedSite;
  /** The address the site answers under, for the `self` links of its answers. */
  readonly baseUrl: string;
  /** Histories that `expand=changelog` returns per issue. */
  readonly changelogLimit: number;
  /** The statuses each work type of a space has been in (a dataset has no workflows). */
  workflowOf(projectKey: string): ReadonlyMap<string, ReadonlySet<string>>;
  /** The site changed through the API: cached searches no longer hold. */
  changed(): void;
}
