import { z } from 'zod';
import { seededRandom } from '../../domain/random';
import { compileJql, JqlError, type JqlIssue } from './jql';
import {
  errorJson,
  historyJson,
  issueJson,
  issueTypeJson,
  projectJson,
  selectionOf,
  statusJson,
  userJson,
} from './representations';
import type { EmulatedSite, SiteIssue, SiteProject } from './site';
import { canAdminister, canBrowse, canEdit, canSeeIssue, type Actor, type EmulatedUser } from './users';

/**
 * A Jira Cloud emulator over an `EmulatedSite`: the REST v3 endpoints the app uses, with Jira's
 * contract (response shapes, page caps, token paging, no `total`, 410 for the removed search,
 * 400 beyond bulk limits, the 32 768-character property limit, per-user permissions, Basic auth),
 * optional latency and injected 429/5xx, and a request log. It answers in-process (`handle`), for
 * `__forge_fetch__`, and over HTTP (`http-server.ts`).
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

export interface InjectedFault {
  /**
   * The status to answer; `hang` accepts the request and never answers it; `late` does what it
   * asks and holds the answer back `delayMs` (a write that lands on a slow node).
   */
  readonly status: number | 'hang' | 'late';
  /** Seconds, sent as `Retry-After`. */
  readonly retryAfter?: number;
  /** Sent as `RateLimit-Reason` with a 429 (e.g. `jira-quota-tenant-based`). */
  readonly rateLimitReason?: string;
  /** Only requests to this endpoint meet the fault, e.g. `POST /rest/api/3/search/jql`. */
  readonly endpoint?: string;
  /** How many matching requests pass before this one meets the fault. */
  readonly after?: number;
  /** Milliseconds to hold the faulty answer back: a slow node of a site. */
  readonly delayMs?: number;
}

interface PendingFault {
  readonly fault: InjectedFault;
  /** Matching requests still to let pass. */
  skip: number;
}

export interface EmulatorOptions {
  /** The site's clock. Default: the data's last activity, moving forward in real time. */
  readonly clock?: () => number;
  readonly baseUrl?: string;
  readonly latencyMs?: number;
  /** Fraction of requests answered with a random 500/502/503. */
  readonly failRate?: number;
  /** Requests per second each caller may make before 429s (with Retry-After). */
  readonly rateLimit?: number;
  /** Seed for the injected failures, so a run can be repeated. */
  readonly seed?: number;
  /** Histories that `expand=changelog` returns per issue; Jira pages the rest. */
  readonly changelogLimit?: number;
  /**
   * Keeps each search's matches while the site is unchanged, so that paging a large result does
   * not evaluate the JQL again for every page (the benchmark's 50 000-issue sites need it). Off by
   * default: tests that change the site object directly would see stale matches.
   */
  readonly cacheSearches?: boolean;
}

export interface RequestLogEntry {
  readonly method: string;
  readonly endpoint: string;
  readonly status: number;
  readonly actor: string;
  /** Issues the answer carried (searches and bulk changelog fetches). */
  readonly issues?: number;
}

export const PROPERTY_VALUE_MAX_CHARS = 32_768;
const SEARCH_DEFAULT_PAGE = 50;
const SEARCH_MAX_PAGE_WITH_FIELDS = 100;
const SEARCH_MAX_PAGE_IDS_ONLY = 5000;
const BULK_MAX_ISSUES = 1000;
const BULK_MAX_FIELDS = 10;
const BULK_DEFAULT_PAGE = 1000;
const BULK_MAX_PAGE = 10_000;
const MAX_PROPERTIES = 5;

const REMOVED_SEARCH =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Handler = (ctx: Context) => EmulatorResponse | Promise<EmulatorResponse>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly endpoint: string;
  readonly handler: Handler;
}

interface Context {
  readonly actor: Actor;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: string | undefined;
  readonly now: number;
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): EmulatorResponse => ({
  status,
  headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  body: JSON.stringify(value),
});
const noContent = (): EmulatorResponse => ({ status: 204, headers: {}, body: '' });

function readJsonBody(body: string | undefined): unknown {
  if (body === undefined || body.trim() === '')
    throw new HttpError(400, 'No content to map due to end-of-input');
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new HttpError(400, 'Unexpected character in the request body: it is not valid JSON.');
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: string | undefined): T {
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

function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(text: string, query: string): number {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    const t = z.object({ offset: z.number().int().min(0), query: z.string() }).parse(value);
    if (t.query !== query) throw new Error('token of another query');
    return t.offset;
  } catch {
    throw new HttpError(400, 'The provided next page token is invalid or expired.');
  }
}

function fingerprint(parts: readonly unknown[]): string {
  let h = 0x811c9dc5;
  for (const c of JSON.stringify(parts)) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return (h >>> 0).toString(36);
}

const csv = (value: string | null): string[] | undefined =>
  value === null
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

export class JiraEmulator {
  readonly baseUrl: string;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly routes: Route[];
  private readonly faults: PendingFault[] = [];
  private handling = 0;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly entries: RequestLogEntry[] = [];
  private readonly searches = new Map<string, { readonly version: number; readonly issues: SiteIssue[] }>();
  private views: { readonly version: number; readonly byIssue: Map<SiteIssue, JqlIssue> } = {
    version: -1,
    byIssue: new Map(),
  };
  private workflows: {
    readonly version: number;
    readonly byProject: Map<string, ReadonlyMap<string, ReadonlySet<string>>>;
  } = { version: -1, byProject: new Map() };
  /** Moves on with every write through the API, so that cached searches are not served stale. */
  private version = 0;

  constructor(
    readonly site: EmulatedSite,
    readonly options: EmulatorOptions = {},
  ) {
    this.baseUrl = (options.baseUrl ?? 'http://localhost:4560').replace(/\/+$/, '');
    const started = Date.now();
    const origin = site.lastActivity > 0 ? site.lastActivity : started;
    this.clock = options.clock ?? (() => origin + (Date.now() - started));
    this.random = seededRandom(options.seed ?? 20_130_301);
    this.routes = this.buildRoutes();
    // Jira keeps its workflows; the emulator derives them from every history of a project, which
    // at 10 000 issues took longer than the latency it adds, so a benchmark has them beforehand.
    if (options.cacheSearches === true) for (const p of site.projects) this.workflowOf(p.key);
  }

  now(): number {
    return this.clock();
  }

  /**
   * The next requests are answered with these faults, in order (for tests of retries); a fault
   * that names an endpoint waits for a request to it.
   */
  injectFaults(...faults: InjectedFault[]): void {
    this.faults.push(...faults.map((fault) => ({ fault, skip: fault.after ?? 0 })));
  }

  /** Requests received and not yet answered (a hung one stays here). */
  get inFlight(): number {
    return this.handling;
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Requests answered so far, in order. */
  get log(): readonly RequestLogEntry[] {
    return this.entries;
  }

  /** Requests per endpoint, e.g. `{ "POST /rest/api/3/search/jql": 3 }`. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries)
      out[`${e.method} ${e.endpoint}`] = (out[`${e.method} ${e.endpoint}`] ?? 0) + 1;
    return out;
  }

  clearLog(): void {
    this.entries.length = 0;
  }

  /** The user an email and API token (HTTP Basic) identify, if any. */
  authenticate(authorization: string | undefined): EmulatedUser | null {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(authorization ?? '');
    if (m === null) return null;
    const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const email = decoded.slice(0, colon).toLowerCase();
    const token = decoded.slice(colon + 1);
    const user = this.site.users.find((u) => u.emailAddress.toLowerCase() === email);
    return user?.apiToken === token ? user : null;
  }

  userById(accountId: string): EmulatedUser | undefined {
    return this.site.users.find((u) => u.accountId === accountId);
  }

  /**
   * Answers one request. `actor` is given for in-process calls (Forge's `asUser()` routed by
   * `__forge_fetch__`); HTTP callers authenticate with Basic `email:token`.
   */
  async handle(request: EmulatorRequest, actor?: Actor): Promise<EmulatorResponse> {
    const url = new URL(request.path, 'http://emulator.invalid');
    const method = request.method.toUpperCase();
    const route = this.routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    const endpoint = route?.endpoint ?? url.pathname;
    let who: Actor | null = actor ?? null;
    if (who === null) {
      const user = this.authenticate(request.headers?.authorization);
      who = user === null ? null : { kind: 'user', user };
    }
    this.handling++;
    try {
      const fault = who === null ? null : this.faultFor(who, `${method} ${endpoint}`);
      if (fault === 'hang') {
        this.entries.push({ method, endpoint, status: 0, actor: actorName(who) });
        return await new Promise<never>(() => undefined);
      }
      const late = fault !== null && 'late' in fault ? fault.late : 0;
      const faulty = fault !== null && 'late' in fault ? null : fault;
      if (faulty !== null && faulty.delayMs > 0) await new Promise((r) => setTimeout(r, faulty.delayMs));
      const response = faulty ?? (await this.respond(request, method, url, route, who));
      if (late > 0) await new Promise((r) => setTimeout(r, late));
      this.entries.push({
        method,
        endpoint,
        status: response.status,
        actor: actorName(who),
        ...(response.issues !== undefined ? { issues: response.issues } : {}),
      });
      if ((this.options.latencyMs ?? 0) > 0) await new Promise((r) => setTimeout(r, this.options.latencyMs));
      return response;
    } finally {
      this.handling--;
    }
  }

  private async respond(
    request: EmulatorRequest,
    method: string,
    url: URL,
    route: Route | undefined,
    actor: Actor | null,
  ): Promise<EmulatorResponse> {
    if (actor === null) return json(401, errorJson('Client must be authenticated to access this resource.'));
    if (route === undefined) {
      return json(
        404,
        errorJson(
          `No ${method} endpoint at ${url.pathname} in the emulator (it serves what Flow Ledger uses).`,
        ),
      );
    }
    const match = route.pattern.exec(url.pathname);
    const params = (match?.slice(1) ?? []).map((p) => decodeURIComponent(p));
    try {
      return await route.handler({
        actor,
        params,
        query: url.searchParams,
        body: request.body,
        now: this.now(),
      });
    } catch (e) {
      if (e instanceof HttpError) return json(e.status, errorJson(e.message), e.headers);
      if (e instanceof JqlError) return json(400, errorJson(e.message));
      throw e;
    }
  }

  private faultFor(actor: Actor, endpoint: string): Faulty | 'hang' | { readonly late: number } | null {
    const index = this.faults.findIndex(
      (f) => f.fault.endpoint === undefined || f.fault.endpoint === endpoint,
    );
    const pending = this.faults[index];
    if (pending !== undefined && pending.skip > 0) pending.skip--;
    else if (pending !== undefined) {
      this.faults.splice(index, 1);
      const { fault } = pending;
      if (fault.status === 'hang') return 'hang';
      if (fault.status === 'late') return { late: fault.delayMs ?? 0 };
      return withDelay(
        fault.delayMs ?? 0,
        json(fault.status, errorJson(fault.status === 429 ? 'Rate limit exceeded.' : 'Injected failure.'), {
          ...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}),
          ...(fault.rateLimitReason !== undefined ? { 'ratelimit-reason': fault.rateLimitReason } : {}),
        }),
      );
    }
    const limit = this.options.rateLimit ?? 0;
    if (limit > 0) {
      const name = actorName(actor);
      const now = Date.now();
      const bucket = this.buckets.get(name) ?? { tokens: limit, at: now };
      bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) / 1000) * limit);
      bucket.at = now;
      this.buckets.set(name, bucket);
      if (bucket.tokens < 1) {
        const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / limit));
        // As Jira Cloud's per-second burst limit answers since the points-based limits of March 2026.
        return withDelay(
          0,
          json(429, errorJson('Rate limit exceeded.'), {
            'retry-after': String(wait),
            'ratelimit-reason': 'jira-burst-based',
            'x-ratelimit-limit': String(limit),
            'x-ratelimit-remaining': '0',
          }),
        );
      }
      bucket.tokens -= 1;
    }
    const failRate = this.options.failRate ?? 0;
    if (failRate > 0 && this.random() < failRate) {
      const statuses = [500, 502, 503];
      return withDelay(
        0,
        json(statuses[Math.floor(this.random() * statuses.length)] ?? 503, errorJson('Injected failure.')),
      );
    }
    return null;
  }

  private visibleProjects(actor: Actor): SiteProject[] {
    return this.site.projects.filter((p) => canBrowse(actor, p.key));
  }

  private visibleIssue(actor: Actor, idOrKey: string): SiteIssue {
    const issue = this.site.issue(idOrKey);
    // Jira answers the same 404 for an issue that does not exist and one the user may not see.
    if (issue === undefined || !canSeeIssue(actor, issue)) {
      throw new HttpError(404, 'Issue does not exist or you do not have permission to see it.');
    }
    return issue;
  }

  private editableIssue(actor: Actor, idOrKey: string): SiteIssue {
    const issue = this.visibleIssue(actor, idOrKey);
    if (!canEdit(actor, issue.projectKey))
      throw new HttpError(403, 'You do not have permission to edit issues in this project.');
    return issue;
  }

  private visibleProject(actor: Actor, idOrKey: string): SiteProject {
    const project = this.site.project(idOrKey);
    if (project === undefined || !canBrowse(actor, project.key)) {
      throw new HttpError(404, `No project could be found with key '${idOrKey}'.`);
    }
    return project;
  }

  private buildRoutes(): Route[] {
    const r = (method: string, path: string, handler: Handler): Route => {
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
      return { method, pattern, endpoint: path, handler };
    };
    const removed: Handler = () => json(410, errorJson(REMOVED_SEARCH));
    return [
      r('GET', '/rest/api/3/myself', (c) => this.myself(c)),
      r('GET', '/rest/api/3/mypermissions', (c) => this.myPermissions(c)),
      r('GET', '/rest/api/3/user', (c) => this.user(c)),
      r('GET', '/rest/api/3/user/viewissue/search', (c) => this.usersWhoCanBrowse(c)),
      r('GET', '/rest/api/3/status', () =>
        json(
          200,
          this.site.statuses.map((s) => statusJson(this.baseUrl, s)),
        ),
      ),
      r('GET', '/rest/api/3/field', () =>
        json(
          200,
          this.site.fields.map((f) => ({
            ...f,
            navigable: true,
            orderable: !f.custom,
            searchable: true,
            clauseNames: [f.id],
          })),
        ),
      ),
      r('GET', '/rest/api/3/project/search', (c) => this.projectSearch(c)),
      r('GET', '/rest/api/3/project/{projectIdOrKey}', (c) =>
        json(200, projectJson(this.baseUrl, this.site, this.visibleProject(c.actor, c.params[0] ?? ''))),
      ),
      r('GET', '/rest/api/3/project/{projectIdOrKey}/statuses', (c) => this.projectStatuses(c)),
      r('GET', '/rest/api/3/issuetype/project', (c) => this.projectIssueTypes(c)),
      r('GET', '/rest/api/3/search/jql', (c) => this.search(c, this.searchParamsFromQuery(c.query))),
      r('POST', '/rest/api/3/search/jql', (c) => this.search(c, parseBody(searchBodySchema, c.body))),
      r('POST', '/rest/api/3/search/approximate-count', (c) => this.approximateCount(c)),
      r('GET', '/rest/api/3/search', removed),
      r('POST', '/rest/api/3/search', removed),
      r('GET', '/rest/api/2/search', removed),
      r('POST', '/rest/api/2/search', removed),
      r('POST', '/rest/api/3/changelog/bulkfetch', (c) => this.bulkChangelogs(c)),
      r('GET', '/rest/api/3/issue/{issueIdOrKey}', (c) => this.getIssue(c)),
      r('PUT', '/rest/api/3/issue/{issueIdOrKey}', (c) => this.editIssue(c)),
      r('GET', '/rest/api/3/issue/{issueIdOrKey}/properties', (c) => this.propertyKeys(c)),
      r('GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (c) => this.getProperty(c)),
      r('PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (c) => this.setProperty(c)),
      r('DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (c) => this.deleteProperty(c)),
    ];
  }

  private myself(c: Context): EmulatorResponse {
    if (c.actor.kind === 'app') {
      return json(200, {
        accountId: 'flow-ledger-app',
        accountType: 'app',
        displayName: 'Flow Ledger',
        active: true,
      });
    }
    return json(200, userJson(this.baseUrl, c.actor.user));
  }

  /** A person by account id, as anyone signed in may look one up ("Browse users and groups"). */
  private user(c: Context): EmulatorResponse {
    const accountId = c.query.get('accountId');
    if (accountId === null) throw new HttpError(400, 'The accountId query parameter needs to be provided.');
    const user = this.userById(accountId);
    if (user === undefined)
      throw new HttpError(404, 'Specified user does not exist or you do not have required permissions');
    return json(200, userJson(this.baseUrl, user));
  }

  /** People who may browse a project (or an issue's project), whose name or e-mail starts a word with the query. */
  private usersWhoCanBrowse(c: Context): EmulatorResponse {
    const issueKey = c.query.get('issueKey');
    const projectKey = c.query.get('projectKey');
    if (issueKey === null && projectKey === null)
      throw new HttpError(400, 'Either issueKey or projectKey must be provided.');
    const scope =
      issueKey !== null
        ? this.visibleIssue(c.actor, issueKey).projectKey
        : this.visibleProject(c.actor, projectKey ?? '').key;
    const query = (c.query.get('query') ?? c.query.get('username') ?? '').trim().toLowerCase();
    const max = Math.min(1000, Math.max(1, Number(c.query.get('maxResults') ?? 50) || 50));
    const matches = this.site.users.filter(
      (u) =>
        canBrowse({ kind: 'user', user: u }, scope) &&
        (query === '' ||
          u.emailAddress.toLowerCase().startsWith(query) ||
          u.displayName
            .toLowerCase()
            .split(/\s+/)
            .some((w) => w.startsWith(query))),
    );
    return json(
      200,
      matches.slice(0, max).map((u) => userJson(this.baseUrl, u)),
    );
  }

  private myPermissions(c: Context): EmulatorResponse {
    const keys = csv(c.query.get('permissions'));
    if (keys === undefined || keys.length === 0)
      throw new HttpError(400, 'The permissions query parameter is required.');
    const projectKey = c.query.get('projectKey') ?? c.query.get('projectId');
    const issueKey = c.query.get('issueKey') ?? c.query.get('issueId');
    let scope: string | null = null;
    if (issueKey !== null) scope = this.visibleIssue(c.actor, issueKey).projectKey;
    else if (projectKey !== null) scope = this.visibleProject(c.actor, projectKey).key;
    const permissions: Record<string, unknown> = {};
    for (const key of keys) {
      let have: boolean;
      switch (key) {
        case 'BROWSE_PROJECTS':
          have = scope === null ? this.visibleProjects(c.actor).length > 0 : canBrowse(c.actor, scope);
          break;
        case 'EDIT_ISSUES':
          have =
            scope === null
              ? this.site.projects.some((p) => canEdit(c.actor, p.key))
              : canEdit(c.actor, scope);
          break;
        case 'ADMINISTER_PROJECTS':
          have =
            scope === null
              ? this.site.projects.some((p) => canAdminister(c.actor, p.key))
              : canAdminister(c.actor, scope);
          break;
        case 'ADMINISTER':
          have = c.actor.kind === 'app' || c.actor.user.siteAdmin;
          break;
        default:
          throw new HttpError(400, `Unrecognized permission key: ${key}`);
      }
      permissions[key] = {
        id: key,
        key,
        name: key.replace(/_/g, ' ').toLowerCase(),
        type: key === 'ADMINISTER' ? 'GLOBAL' : 'PROJECT',
        description: '',
        havePermission: have,
      };
    }
    return json(200, { permissions });
  }

  /** Paged like Jira's own (startAt, maxResults ≤ 100), only projects the caller may browse. */
  private projectSearch(c: Context): EmulatorResponse {
    const startAt = Math.max(0, Number(c.query.get('startAt') ?? 0) || 0);
    const maxResults = Math.min(100, Math.max(1, Number(c.query.get('maxResults') ?? 50) || 50));
    const visible = this.visibleProjects(c.actor).sort((a, b) => a.key.localeCompare(b.key));
    const page = visible.slice(startAt, startAt + maxResults);
    const isLast = startAt + maxResults >= visible.length;
    return json(200, {
      self: `${this.baseUrl}/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`,
      ...(isLast
        ? {}
        : {
            nextPage: `${this.baseUrl}/rest/api/3/project/search?startAt=${startAt + maxResults}&maxResults=${maxResults}`,
          }),
      maxResults,
      startAt,
      total: visible.length,
      isLast,
      values: page.map((p) => projectJson(this.baseUrl, this.site, p)),
    });
  }

  /**
   * Each issue type of the project with the statuses of its workflow. A dataset has no workflows,
   * so a type's workflow is taken to be the listed statuses its issues are in or have passed through.
   */
  private projectStatuses(c: Context): EmulatorResponse {
    const project = this.visibleProject(c.actor, c.params[0] ?? '');
    const byType = this.workflowOf(project.key);
    return json(
      200,
      this.site.issueTypes
        .filter((t) => byType.has(t.id))
        .map((t) => {
          const used = byType.get(t.id) ?? new Set<string>();
          return {
            self: `${this.baseUrl}/rest/api/3/issuetype/${t.id}`,
            id: t.id,
            name: t.name,
            subtask: t.subtask,
            statuses: this.site.statuses
              .filter((s) => used.has(s.id) || used.has(`name:${s.name.toLowerCase()}`))
              .map((s) => statusJson(this.baseUrl, s)),
          };
        }),
    );
  }

  private projectIssueTypes(c: Context): EmulatorResponse {
    const projectId = c.query.get('projectId');
    if (projectId === null) throw new HttpError(400, 'The projectId query parameter is required.');
    const project = this.visibleProject(c.actor, projectId);
    const level = c.query.get('level');
    const used = new Set(
      this.site.issues
        .filter((i) => i.projectKey === project.key)
        .map((i) => i.parsed.fields.issuetype.id ?? ''),
    );
    return json(
      200,
      this.site.issueTypes
        .filter((t) => used.has(t.id) && (level === null || String(t.hierarchyLevel) === level))
        .map((t) => ({
          ...issueTypeJson(this.baseUrl, t),
          scope: { type: 'PROJECT', project: { id: project.id } },
        })),
    );
  }

  private searchParamsFromQuery(q: URLSearchParams): SearchParams {
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

  private matching(c: Context, jql: string | undefined): SiteIssue[] {
    if (jql === undefined || jql.trim() === '') {
      throw new HttpError(
        400,
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      );
    }
    // Relative dates move with the clock: a cached search holds for the minute it was made in.
    const cacheKey = `${actorName(c.actor)}\u0000${Math.floor(c.now / 60_000)}\u0000${jql}`;
    const cached = this.options.cacheSearches === true ? this.searches.get(cacheKey) : undefined;
    if (cached?.version === this.version) return cached.issues;
    const visible = this.visibleProjects(c.actor);
    const keys = new Set(visible.map((p) => p.key));
    const mayRead = (i: SiteIssue): boolean => keys.has(i.projectKey) && canSeeIssue(c.actor, i);
    // Jira answers `id in (…)` from its index; the emulator looks only at the ids named, without
    // running its JQL parser (whose time, at 100 ids a query, would otherwise be what the
    // benchmark measures). Without ORDER BY, ties and all fall back to the id, as below.
    const named = /^\s*id\s+in\s*\(([\d\s,]+)\)\s*$/i.exec(jql)?.[1];
    let issues: SiteIssue[];
    if (named !== undefined) {
      issues = [...new Set(named.split(',').map((id) => id.trim()))]
        .map((id) => this.site.issue(id))
        .filter((i): i is SiteIssue => i !== undefined && mayRead(i))
        .sort((a, b) => Number(a.id) - Number(b.id));
    } else {
      const compiled = compileJql(jql, this.site.jqlEnvironment(c.now, visible));
      issues = this.site.issues
        .filter(mayRead)
        .map((i) => ({ issue: i, view: this.viewOf(i) }))
        .filter((v) => compiled.matches(v.view))
        .sort((a, b) => compiled.compare(a.view, b.view))
        .map((v) => v.issue);
    }
    if (this.options.cacheSearches === true) {
      if (this.searches.size >= 64) this.searches.clear();
      this.searches.set(cacheKey, { version: this.version, issues });
    }
    return issues;
  }

  /**
   * The issue as JQL reads it; with `cacheSearches`, kept until the site changes (a benchmark's
   * slices of one window each scan every issue, which Jira's index would not).
   */
  private viewOf(issue: SiteIssue): JqlIssue {
    if (this.options.cacheSearches !== true) return this.site.jqlView(issue);
    if (this.views.version !== this.version) this.views = { version: this.version, byIssue: new Map() };
    let view = this.views.byIssue.get(issue);
    if (view === undefined) {
      view = this.site.jqlView(issue);
      this.views.byIssue.set(issue, view);
    }
    return view;
  }

  /**
   * The statuses each issue type of a project has been in, by status id (or `name:` for a history
   * that names a status without its id); with `cacheSearches`, kept until the site changes.
   */
  private workflowOf(projectKey: string): ReadonlyMap<string, ReadonlySet<string>> {
    const kept =
      this.workflows.version === this.version ? this.workflows.byProject.get(projectKey) : undefined;
    if (kept !== undefined) return kept;
    const byType = new Map<string, Set<string>>();
    for (const issue of this.site.issues) {
      if (issue.projectKey !== projectKey) continue;
      const typeId = issue.parsed.fields.issuetype.id ?? '';
      const used = byType.get(typeId) ?? new Set<string>();
      byType.set(typeId, used);
      for (const ref of this.site.statusesOf(issue)) used.add(ref);
    }
    if (this.options.cacheSearches === true) {
      if (this.workflows.version !== this.version)
        this.workflows = { version: this.version, byProject: new Map() };
      this.workflows.byProject.set(projectKey, byType);
    }
    return byType;
  }

  /** A change made outside the API (the benchmark's edits): cached searches are dropped. */
  siteChanged(): void {
    this.version++;
  }

  /**
   * An administrator puts an issue under a security level, or takes it out (null): an edit of the
   * issue, so it gets a history and `updated` moves, as in Jira.
   */
  setSecurityLevel(issueKey: string, level: string | null, at: number): void {
    const issue = this.site.issue(issueKey);
    if (issue === undefined) throw new Error(`No issue ${issueKey}`);
    const before = issue.securityLevel;
    if (level === null) delete issue.fields.security;
    else issue.fields.security = { id: String(10_000 + level.length), name: level };
    this.site.recordChange(issue, at, null, [
      { field: 'security', fieldtype: 'jira', from: null, fromString: before, to: null, toString: level },
    ]);
    this.siteChanged();
  }

  /**
   * Who may see which security levels changes (a group membership in Jira): no issue is edited,
   * so nothing's `updated` moves.
   */
  setUserSecurityLevels(accountId: string, levels: '*' | readonly string[]): void {
    const index = this.site.users.findIndex((u) => u.accountId === accountId);
    const user = this.site.users[index];
    if (user === undefined) throw new Error(`No user ${accountId}`);
    this.site.users[index] = { ...user, securityLevels: levels };
    this.siteChanged();
  }

  private search(c: Context, params: SearchParams): EmulatorResponse {
    const { jql } = params;
    if (params.properties !== undefined && params.properties.length > MAX_PROPERTIES) {
      throw new HttpError(400, `At most ${MAX_PROPERTIES} issue properties can be requested.`);
    }
    if (params.maxResults !== undefined && (!Number.isInteger(params.maxResults) || params.maxResults < 0)) {
      throw new HttpError(400, 'The maxResults parameter must be a non-negative integer.');
    }
    const selection = selectionOf(
      params.fields,
      params.expand,
      params.properties,
      this.options.changelogLimit ?? 100,
    );
    const idsOnly = selection.fields !== 'all' && selection.fields.size === 0 && !selection.changelog;
    const cap = idsOnly ? SEARCH_MAX_PAGE_IDS_ONLY : SEARCH_MAX_PAGE_WITH_FIELDS;
    const pageSize = Math.min(params.maxResults ?? SEARCH_DEFAULT_PAGE, cap);
    const queryId = fingerprint([
      jql,
      params.fields,
      params.expand,
      params.properties,
      pageSize,
      actorName(c.actor),
    ]);
    const offset = params.nextPageToken !== undefined ? decodeToken(params.nextPageToken, queryId) : 0;
    const all = this.matching(c, jql);
    const page = all.slice(offset, offset + pageSize);
    const isLast = offset + pageSize >= all.length;
    return {
      ...json(200, {
        issues: page.map((i) => issueJson(this.baseUrl, this.site, i, selection)),
        ...(isLast ? {} : { nextPageToken: encodeToken({ offset: offset + pageSize, query: queryId }) }),
        isLast,
      }),
      issues: page.length,
    };
  }

  private approximateCount(c: Context): EmulatorResponse {
    const body = parseBody(z.object({ jql: z.string() }), c.body);
    return json(200, { count: this.matching(c, body.jql).length });
  }

  private bulkChangelogs(c: Context): EmulatorResponse {
    const body = parseBody(bulkBodySchema, c.body);
    if (body.issueIdsOrKeys.length === 0 || body.issueIdsOrKeys.length > BULK_MAX_ISSUES) {
      throw new HttpError(
        400,
        `issueIdsOrKeys must hold between 1 and ${BULK_MAX_ISSUES} issue ids or keys.`,
      );
    }
    if (body.fieldIds !== undefined && body.fieldIds.length > BULK_MAX_FIELDS) {
      throw new HttpError(400, `fieldIds may hold at most ${BULK_MAX_FIELDS} field ids.`);
    }
    const pageSize = body.maxResults ?? BULK_DEFAULT_PAGE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > BULK_MAX_PAGE) {
      throw new HttpError(400, `maxResults must be between 1 and ${BULK_MAX_PAGE}.`);
    }
    const wanted = body.fieldIds !== undefined && body.fieldIds.length > 0 ? new Set(body.fieldIds) : null;
    const queryId = fingerprint([body.issueIdsOrKeys, body.fieldIds, pageSize, actorName(c.actor)]);
    const offset = body.nextPageToken !== undefined ? decodeToken(body.nextPageToken, queryId) : 0;

    // Issues the caller may not see are left out, as if they had no changes.
    const seen = new Set<string>();
    const rows: { issue: SiteIssue; history: Record<string, unknown>; at: number }[] = [];
    for (const idOrKey of body.issueIdsOrKeys) {
      const issue = this.site.issue(idOrKey);
      if (issue === undefined || seen.has(issue.id) || !canSeeIssue(c.actor, issue)) continue;
      seen.add(issue.id);
      for (const h of issue.histories) {
        const items =
          wanted === null ? h.items : h.items.filter((item) => wanted.has(this.site.fieldIdOf(item)));
        if (items.length === 0) continue;
        rows.push({ issue, history: historyJson(this.site, { ...h, items }), at: h.at });
      }
    }
    // Sorted by change date, then issue id, oldest first (as Jira documents).
    rows.sort((a, b) => a.at - b.at || Number(a.issue.id) - Number(b.issue.id));
    const page = rows.slice(offset, offset + pageSize);
    const logs: { issueId: string; changeHistories: Record<string, unknown>[] }[] = [];
    for (const row of page) {
      const lastLog = logs[logs.length - 1];
      if (lastLog?.issueId === row.issue.id) lastLog.changeHistories.push(row.history);
      else logs.push({ issueId: row.issue.id, changeHistories: [row.history] });
    }
    const more = offset + pageSize < rows.length;
    return {
      ...json(200, {
        issueChangeLogs: logs,
        ...(more ? { nextPageToken: encodeToken({ offset: offset + pageSize, query: queryId }) } : {}),
      }),
      issues: logs.length,
    };
  }

  private getIssue(c: Context): EmulatorResponse {
    const issue = this.visibleIssue(c.actor, c.params[0] ?? '');
    const fields = c.query.getAll('fields').flatMap((f) => f.split(','));
    const selection = selectionOf(
      fields.length > 0 ? fields : undefined,
      c.query.get('expand') ?? undefined,
      csv(c.query.get('properties')),
      this.options.changelogLimit ?? 100,
      true,
    );
    return json(200, issueJson(this.baseUrl, this.site, issue, selection));
  }

  private editIssue(c: Context): EmulatorResponse {
    const issue = this.editableIssue(c.actor, c.params[0] ?? '');
    const body = parseBody(editBodySchema, c.body);
    const unsupported = [...Object.keys(body.fields ?? {}), ...Object.keys(body.update ?? {})].filter(
      (k) => k !== 'labels',
    );
    if (unsupported.length > 0) {
      throw new HttpError(
        400,
        `Field '${unsupported[0] ?? ''}' cannot be set. It is not on the appropriate screen, or unknown.`,
      );
    }
    const before = issue.parsed.fields.labels ?? [];
    let labels = [...(body.fields?.labels ?? before)];
    for (const op of body.update?.labels ?? []) {
      if (op.set !== undefined) labels = [...op.set];
      if (op.add !== undefined && !labels.includes(op.add)) labels.push(op.add);
      if (op.remove !== undefined) labels = labels.filter((l) => l !== op.remove);
    }
    for (const l of labels) {
      if (/\s/.test(l) || l.length > 255)
        throw new HttpError(400, `The label '${l}' contains spaces or is too long.`);
    }
    if (labels.join(' ') !== before.join(' ')) {
      this.site.relabel(issue, labels, c.now, c.actor.kind === 'user' ? c.actor.user : null);
      this.version++;
    }
    return noContent();
  }

  private propertyKeys(c: Context): EmulatorResponse {
    const issue = this.visibleIssue(c.actor, c.params[0] ?? '');
    return json(200, {
      keys: [...issue.properties.keys()].map((key) => ({
        key,
        self: `${this.baseUrl}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`,
      })),
    });
  }

  private getProperty(c: Context): EmulatorResponse {
    const issue = this.visibleIssue(c.actor, c.params[0] ?? '');
    const key = c.params[1] ?? '';
    if (!issue.properties.has(key))
      throw new HttpError(404, `The property with key '${key}' does not exist.`);
    return json(200, { key, value: issue.properties.get(key) });
  }

  private setProperty(c: Context): EmulatorResponse {
    const issue = this.editableIssue(c.actor, c.params[0] ?? '');
    const key = c.params[1] ?? '';
    if (key.length === 0 || key.length > 255)
      throw new HttpError(400, 'The property key must be between 1 and 255 characters.');
    const text = c.body ?? '';
    if (text.length > PROPERTY_VALUE_MAX_CHARS) {
      throw new HttpError(
        400,
        `The property value is too long. It must be at most ${PROPERTY_VALUE_MAX_CHARS} characters.`,
      );
    }
    const value = readJsonBody(text);
    const existed = issue.properties.has(key);
    issue.properties.set(key, value);
    this.version++;
    this.site.wrote(issue);
    return existed ? json(200, {}) : json(201, {});
  }

  private deleteProperty(c: Context): EmulatorResponse {
    const issue = this.editableIssue(c.actor, c.params[0] ?? '');
    const key = c.params[1] ?? '';
    this.version++;
    if (!issue.properties.delete(key))
      throw new HttpError(404, `The property with key '${key}' does not exist.`);
    this.site.wrote(issue);
    return noContent();
  }
}

interface SearchParams {
  readonly jql?: string | undefined;
  readonly nextPageToken?: string | undefined;
  readonly maxResults?: number | undefined;
  readonly fields?: readonly string[] | undefined;
  readonly expand?: string | undefined;
  readonly properties?: readonly string[] | undefined;
}

const searchBodySchema = z.object({
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

const bulkBodySchema = z.object({
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
const editBodySchema = z.object({
  fields: z
    .record(z.string(), z.unknown())
    .and(z.object({ labels: z.array(z.string()).optional() }))
    .optional(),
  update: z
    .record(z.string(), z.unknown())
    .and(z.object({ labels: z.array(labelOperation).optional() }))
    .optional(),
});

/** A faulty answer, and how long to hold it back. */
type Faulty = EmulatorResponse & { readonly delayMs: number };

function withDelay(delayMs: number, response: EmulatorResponse): Faulty {
  return { ...response, delayMs };
}

function actorName(actor: Actor | null): string {
  if (actor === null) return 'anonymous';
  return actor.kind === 'app' ? 'app' : actor.user.emailAddress;
}
