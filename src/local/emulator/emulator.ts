import { visibleProject, visibleProjects } from './access';
import {
  boardBacklog,
  boardConfiguration,
  boardIssues,
  boardSprints,
  getBoard,
  getSprint,
  listBoards,
  moveToBacklog,
  moveToSprint,
  sprintIssues,
  updateSprint,
} from './agile-endpoints';
import { FaultPlan, type InjectedFault } from './faults';
import {
  createIssue,
  deleteProperty,
  editIssue,
  getIssue,
  getProperty,
  propertyKeys,
  setProperty,
} from './issue-endpoints';
import { compileJql } from './jql';
import { JqlError, type JqlIssue } from './jql-model';
import { myPermissions, myself, user, usersWhoCanBrowse } from './people-endpoints';
import { projectIssueTypes, projectSearch, projectStatuses } from './project-endpoints';
import {
  approximateCount,
  bulkChangelogs,
  REMOVED_SEARCH,
  search,
  type SearchHost,
} from './search-endpoints';
import {
  FieldErrors,
  HttpError,
  json,
  parseBody,
  searchBodySchema,
  searchParamsFromQuery,
  type Context,
  type EmulatorRequest,
  type EmulatorResponse,
} from './protocol';
import { errorJson, projectJson, statusJson } from './representations';
import type { EmulatedSite, SiteIssue } from './site';
import { siteBoards } from './site-boards';
import { actorName, canSeeIssue, type Actor, type EmulatedUser } from './users';

/**
 * A Jira Cloud emulator over an `EmulatedSite`: the REST v3 endpoints the app uses, with Jira's
 * contract (response shapes, page caps, token paging, no `total`, 410 for the removed search,
 * 400 beyond bulk limits, the 32 768-character property limit, per-user permissions, Basic auth),
 * optional latency and injected 429/5xx, and a request log. It answers in-process (`handle`), for
 * `__forge_fetch__`, and over HTTP (`http-server.ts`).
 *
 * This class routes, authenticates, logs, meets the injected faults (`faults.ts`) and keeps the
 * caches a search reads; the endpoints live by family in `*-endpoints.ts`.
 */

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

type Handler = (ctx: Context) => EmulatorResponse | Promise<EmulatorResponse>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly endpoint: string;
  readonly handler: Handler;
}

export class JiraEmulator {
  readonly baseUrl: string;
  private readonly clock: () => number;
  private readonly routes: Route[];
  private readonly faults: FaultPlan;
  private handling = 0;
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
  /** What the endpoints of other modules read of this emulator, and tell it. */
  private readonly host: SearchHost;

  constructor(
    readonly site: EmulatedSite,
    readonly options: EmulatorOptions = {},
  ) {
    this.baseUrl = (options.baseUrl ?? 'http://localhost:4560').replace(/\/+$/, '');
    const started = Date.now();
    const origin = site.lastActivity > 0 ? site.lastActivity : started;
    this.clock = options.clock ?? (() => origin + (Date.now() - started));
    this.faults = new FaultPlan(options);
    this.host = {
      site,
      baseUrl: this.baseUrl,
      changelogLimit: options.changelogLimit ?? 100,
      workflowOf: (projectKey) => this.workflowOf(projectKey),
      changed: () => {
        this.siteChanged();
      },
      matching: (c, jql) => this.matching(c, jql),
    };
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
    this.faults.inject(faults);
  }

  /** Requests received and not yet answered (a hung one stays here). */
  get inFlight(): number {
    return this.handling;
  }

  clearFaults(): void {
    this.faults.clear();
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
      const fault = who === null ? null : this.faults.next(who, `${method} ${endpoint}`);
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
      if (e instanceof FieldErrors) return json(e.status, { errorMessages: [], errors: e.errors }, e.headers);
      if (e instanceof HttpError) return json(e.status, errorJson(e.message), e.headers);
      if (e instanceof JqlError) return json(400, errorJson(e.message));
      throw e;
    }
  }

  private buildRoutes(): Route[] {
    const r = (method: string, path: string, handler: Handler): Route => {
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
      return { method, pattern, endpoint: path, handler };
    };
    const removed: Handler = () => json(410, errorJson(REMOVED_SEARCH));
    // Boards and sprints are derived now, not at the first agile call: the Sprint field they add
    // shows in the field list and in every work item's fields from the start, as on Jira Cloud.
    siteBoards(this.site);
    return [
      r('GET', '/rest/api/3/myself', (c) => myself(this.host, c)),
      r('GET', '/rest/api/3/mypermissions', (c) => myPermissions(this.host, c)),
      r('GET', '/rest/api/3/user', (c) => user(this.host, c)),
      r('GET', '/rest/api/3/user/viewissue/search', (c) => usersWhoCanBrowse(this.host, c)),
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
      r('GET', '/rest/api/3/project/search', (c) => projectSearch(this.host, c)),
      r('GET', '/rest/api/3/project/{projectIdOrKey}', (c) =>
        json(
          200,
          projectJson(this.baseUrl, this.site, visibleProject(this.site, c.actor, c.params[0] ?? '')),
        ),
      ),
      r('GET', '/rest/api/3/project/{projectIdOrKey}/statuses', (c) => projectStatuses(this.host, c)),
      r('GET', '/rest/api/3/issuetype/project', (c) => projectIssueTypes(this.host, c)),
      r('GET', '/rest/api/3/search/jql', (c) => search(this.host, c, searchParamsFromQuery(c.query))),
      r('POST', '/rest/api/3/search/jql', (c) => search(this.host, c, parseBody(searchBodySchema, c.body))),
      r('POST', '/rest/api/3/search/approximate-count', (c) => approximateCount(this.host, c)),
      r('GET', '/rest/api/3/search', removed),
      r('POST', '/rest/api/3/search', removed),
      r('GET', '/rest/api/2/search', removed),
      r('POST', '/rest/api/2/search', removed),
      r('POST', '/rest/api/3/changelog/bulkfetch', (c) => bulkChangelogs(this.host, c)),
      r('POST', '/rest/api/3/issue', (c) => createIssue(this.host, c)),
      r('GET', '/rest/api/3/issue/{issueIdOrKey}', (c) => getIssue(this.host, c)),
      r('PUT', '/rest/api/3/issue/{issueIdOrKey}', (c) => editIssue(this.host, c)),
      r('GET', '/rest/api/3/issue/{issueIdOrKey}/properties', (c) => propertyKeys(this.host, c)),
      r('GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (c) => getProperty(this.host, c)),
      r('PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (c) => setProperty(this.host, c)),
      r('DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (c) =>
        deleteProperty(this.host, c),
      ),
      r('GET', '/rest/agile/1.0/board', (c) => listBoards(this.host, c)),
      r('GET', '/rest/agile/1.0/board/{boardId}', (c) => getBoard(this.host, c)),
      r('GET', '/rest/agile/1.0/board/{boardId}/configuration', (c) => boardConfiguration(this.host, c)),
      r('GET', '/rest/agile/1.0/board/{boardId}/sprint', (c) => boardSprints(this.host, c)),
      r('GET', '/rest/agile/1.0/board/{boardId}/backlog', (c) => boardBacklog(this.host, c)),
      r('GET', '/rest/agile/1.0/board/{boardId}/issue', (c) => boardIssues(this.host, c)),
      r('GET', '/rest/agile/1.0/sprint/{sprintId}', (c) => getSprint(this.host, c)),
      r('POST', '/rest/agile/1.0/sprint/{sprintId}', (c) => updateSprint(this.host, c)),
      r('GET', '/rest/agile/1.0/sprint/{sprintId}/issue', (c) => sprintIssues(this.host, c)),
      r('POST', '/rest/agile/1.0/sprint/{sprintId}/issue', (c) => moveToSprint(this.host, c)),
      r('POST', '/rest/agile/1.0/backlog/issue', (c) => moveToBacklog(this.host, c)),
    ];
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
    const visible = visibleProjects(this.site, c.actor);
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
}
