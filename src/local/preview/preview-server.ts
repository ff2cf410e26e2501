import { projectKeyOfIssueKey } from '../../jira/issue-mapper';
import { existsSync, promises as fs } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../domain/errors';
import { NEEDS_THE_TEAM_JQL } from '../../jira/agreement-index';
import type { JiraHttpRequest, JiraHttpResponse, JiraTransport } from '../../jira/http';
import { getIssue, getMyself, searchProjects } from '../../jira/jira-api';
import { searchIssues } from '../../jira/jira-search';
import { JiraClient, JiraError } from '../../jira/jira-client';
import type { JiraIssue } from '../../jira/schemas';
import type { JiraEmulator } from '../emulator/emulator';
import { serveEmulator } from '../emulator/http-server';
import type { Actor } from '../emulator/users';
import type { LocalForge } from '../forge/local-forge';
import { BRIDGE_SCRIPT } from './bridge-script';
import { HOST_SCRIPT } from './host-script';
import { themeStyles, type ColorMode } from './theme';
import { backlogPage, boardsPage, type BoardPageHost } from './board-pages';
import { chooserPage, frame, page, projectNav, siteNav, type Chrome, type PreviewUser } from './host-pages';
import { localPath, PreviewGuard } from './preview-guard';
import { GADGET_REFRESH_MINUTES, isGadgetRefresh } from '../../jira/gadget-refresh';
import { html, type Html } from './html';
import { cookies, HttpProblem, readBody, send, sendCompressed } from './http-responses';
import { MODULES, RESOURCES, type ModuleName } from './modules';

/**
 * The preview: a small Jira site on localhost. It serves the emulated REST API, the app's surfaces
 * (built Custom UI resources in iframes, with a host bridge), and `POST /__forge/invoke`, which runs
 * the real resolver handler in Node as the user chosen in the page's switcher.
 */

export interface PreviewOptions {
  readonly forge: LocalForge;
  /** The emulator, or null when the preview reads a real site. */
  readonly emulator: JiraEmulator | null;
  /** How host pages read Jira for a given user (issue headers, project lists). */
  readonly jiraFor: (accountId: string) => JiraTransport;
  readonly users: readonly PreviewUser[];
  readonly staticRoot: string;
  readonly gadgetStore: GadgetStore;
  readonly siteLabel: string;
  readonly timezoneOf: (accountId: string) => string;
  /** The scheduled triggers' functions by manifest function key, which the preview runs on demand. */
  readonly scheduled: Readonly<Record<string, () => Promise<unknown>>>;
  /**
   * Who may configure the dashboard's gadgets: in Jira, those who may edit the dashboard (here,
   * the site's administrators, whose dashboard it is).
   */
  readonly mayEditDashboard: (accountId: string) => boolean;
  /** Who may run a scheduled trigger on demand: the site's administrators. */
  readonly mayRunTriggers: (accountId: string) => boolean;
}

/** The dashboard's gadgets: one of each of the app's, as a user who added them would have it. */
const GADGETS = [
  { id: 'flow-1', view: 'gadget', edit: 'gadgetEdit', frame: 'gadget' },
  { id: 'agreements-1', view: 'agreementsGadget', edit: 'agreementsGadgetEdit', frame: 'agreements-gadget' },
] as const satisfies readonly { id: string; view: ModuleName; edit: ModuleName; frame: string }[];

/** Gadget configurations, as Jira keeps them per gadget on a dashboard. */
export interface GadgetStore {
  get(id: string): Record<string, unknown>;
  set(id: string, config: Record<string, unknown>): void;
}

const USER_COOKIE = 'flow_ledger_user';
/** Read by the host script too, which sets it when someone switches the theme. */
const THEME_COOKIE = 'flow_ledger_theme';

/** Who is looking, and in which of Jira's themes. */
interface Visitor extends PreviewUser {
  readonly colorMode: ColorMode;
}
/** What the issue search opens with: the agreements that need the team's attention. */
const SAMPLE_JQL = NEEDS_THE_TEAM_JQL;
const SEARCH_SHOWN = 100;

/** A trigger's outcome in one line: its counts, when it answers some. */
function describeOutcome(outcome: unknown): string {
  if (typeof outcome !== 'object' || outcome === null) return 'done';
  return Object.entries(outcome)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : String(v)}`)
    .join(', ');
}
// What Forge's CSP allows a Custom UI resource (no inline or eval'd script), plus inline styles,
// which the manifest permits for Atlaskit (`permissions.content.styles: unsafe-inline`).
// @see https://developer.atlassian.com/platform/forge/manifest-reference/permissions/
const RESOURCE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const invokeBody = z.object({
  functionKey: z.string().min(1).max(100),
  payload: z.unknown(),
  context: z
    .object({
      moduleKey: z.string().max(100).optional(),
      extension: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

export class PreviewServer {
  /** What the last on-demand trigger run reported. */
  private lastTrigger: string | null = null;
  private readonly guard = new PreviewGuard();

  constructor(private readonly options: PreviewOptions) {}

  listen(
    port: number,
    host = '127.0.0.1',
  ): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((e: unknown) => {
        const status = e instanceof HttpProblem ? e.status : 500;
        if (!res.headersSent)
          send(res, status, JSON.stringify({ message: errorMessage(e) }), 'application/json');
        else res.end();
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.address();
        const actual = typeof address === 'object' && address !== null ? address.port : port;
        this.guard.listening(actual, host);
        resolve({
          url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`,
          server,
          close: () =>
            new Promise<void>((done) => {
              server.closeAllConnections();
              server.close(() => {
                done();
              });
            }),
        });
      });
    });
  }

  /** Who chose to be looking, or null: without a choice the preview acts as nobody. */
  private currentUser(req: IncomingMessage): Visitor | null {
    const jar = cookies(req);
    const chosen = jar.get(USER_COOKIE);
    const user = this.options.users.find((u) => u.accountId === chosen);
    if (user === undefined) return null;
    return { ...user, colorMode: jar.get(THEME_COOKIE) === 'dark' ? 'dark' : 'light' };
  }

  private requireUser(req: IncomingMessage): Visitor {
    const user = this.currentUser(req);
    if (user === null) throw new HttpProblem(401, 'Choose who you are first, at the top of any page.');
    return user;
  }

  private jira(user: PreviewUser): JiraClient {
    return new JiraClient(this.options.jiraFor(user.accountId), { deadline: Date.now() + 30_000 });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://preview.invalid');
    const p = url.pathname;
    const method = req.method ?? 'GET';
    // A page elsewhere may reach localhost, through a name it controls or from its own origin.
    if (!this.guard.hostAllowed(req))
      throw new HttpProblem(421, 'This preview answers only under its own address (127.0.0.1 or localhost).');
    const changes = method !== 'GET' && method !== 'HEAD';
    if (changes && !p.startsWith('/rest/') && !this.guard.sameOrigin(req))
      throw new HttpProblem(403, "Changes are accepted only from the preview's own pages.");
    if (p === '/__forge/invoke' && !this.guard.hasSecret(req))
      throw new HttpProblem(403, "The request does not carry this preview session's secret.");
    if (p.startsWith('/rest/')) {
      if (this.options.emulator === null)
        throw new HttpProblem(404, 'The REST API is served only over the emulator.');
      await serveEmulator(this.options.emulator, req, res);
    } else if (p === '/__forge/invoke' && method === 'POST') {
      await this.invoke(req, res);
    } else if (p === '/__preview/user' && method === 'POST') {
      await this.switchUser(req, res);
    } else if (p.startsWith('/__preview/triggers/') && method === 'POST') {
      await this.runTrigger(req, res, decodeURIComponent(p.slice('/__preview/triggers/'.length)));
    } else if (p.startsWith('/__preview/gadgets/') && method === 'POST') {
      await this.saveGadget(req, res, decodeURIComponent(p.slice('/__preview/gadgets/'.length)));
    } else if (p === '/__preview/bridge.js') {
      sendCompressed(req, res, BRIDGE_SCRIPT, 'text/javascript; charset=utf-8');
    } else if (p === '/__preview/host.js') {
      sendCompressed(req, res, HOST_SCRIPT, 'text/javascript; charset=utf-8');
    } else if (p === '/__preview/theme.css') {
      sendCompressed(req, res, await themeStyles(), 'text/css; charset=utf-8');
    } else if (p.startsWith('/__resources/')) {
      await this.resource(req, res, p.slice('/__resources/'.length));
    } else if (method !== 'GET') {
      throw new HttpProblem(405, `${method} is not served here.`);
    } else {
      const user = this.currentUser(req);
      if (user === null) this.chooser(res, `${p}${url.search}`);
      else await this.hostPage(res, user, p, url.searchParams);
    }
  }

  /** Before anyone is chosen: who to be. The preview acts as nobody until then. */
  private chooser(res: ServerResponse, path: string): void {
    send(
      res,
      200,
      chooserPage({
        users: this.options.users,
        siteLabel: this.options.siteLabel,
        session: this.guard.secret,
        back: localPath(path, '/'),
      }),
    );
  }

  private async hostPage(
    res: ServerResponse,
    user: Visitor,
    p: string,
    query: URLSearchParams,
  ): Promise<void> {
    if (p === '/') return this.home(res, user);
    if (p === '/dashboard') return this.dashboard(res, user, query.get('edit'));
    if (p === '/issues' || p === '/issues/') return this.issueSearch(res, user, query.get('jql'));
    if (p === '/streams') return this.streamsPage(res, user);
    let m = /^\/projects\/([A-Za-z][A-Za-z0-9_]*)\/flow$/.exec(p);
    if (m !== null) return this.projectPage(res, user, m[1] ?? '', 'flow');
    m = /^\/projects\/([A-Za-z][A-Za-z0-9_]*)\/settings\/flow$/.exec(p);
    if (m !== null) return this.projectPage(res, user, m[1] ?? '', 'settings');
    m = /^\/projects\/([A-Za-z][A-Za-z0-9_]*)\/boards$/.exec(p);
    if (m !== null) return boardsPage(this.boardHost(res, user), m[1] ?? '');
    m = /^\/projects\/([A-Za-z][A-Za-z0-9_]*)\/boards\/([1-9][0-9]{0,12})\/backlog$/.exec(p);
    if (m !== null) return backlogPage(this.boardHost(res, user), m[1] ?? '', Number(m[2]));
    m = /^\/browse\/([A-Za-z][A-Za-z0-9_]*-\d+)$/.exec(p);
    if (m !== null) return this.issuePage(res, user, m[1] ?? '');
    send(res, 404, this.notFound(user, p, 'There is no such page in the preview.'));
  }

  private chrome(
    user: Visitor,
    title: string,
    path: string,
    project?: { key: string; name: string },
  ): Chrome {
    return {
      title,
      path,
      user,
      users: this.options.users,
      siteLabel: this.options.siteLabel,
      colorMode: user.colorMode,
      session: this.guard.secret,
      project,
    };
  }

  /** What the board pages (board-pages.ts) need of the server, for one visitor's request. */
  private boardHost(res: ServerResponse, user: Visitor): BoardPageHost {
    return {
      res,
      user,
      jira: this.jira(user),
      timezone: this.options.timezoneOf(user.accountId),
      chrome: (title, path, project) => this.chrome(user, title, path, project),
      notFound: (path, message) => this.notFound(user, path, message),
      visibleProjects: () => this.visibleProjects(user),
    };
  }

  private notFound(user: Visitor, path: string, message: string): string {
    return page(
      this.chrome(user, 'Not found', path),
      html`<a href="/">All projects</a>`,
      html`<div class="card">
        <h1>Not found</h1>
        <p>${message}</p>
      </div>`,
    );
  }

  private async visibleProjects(user: PreviewUser): Promise<{ id: string; key: string; name: string }[]> {
    return (await searchProjects(this.jira(user), 200)).map((p) => ({
      id: p.id ?? '',
      key: p.key,
      name: p.name ?? p.key,
    }));
  }

  private async home(res: ServerResponse, user: Visitor): Promise<void> {
    const projects = await this.visibleProjects(user);
    const body = html`<h1>Projects</h1>
      <p class="muted">
        What ${user.displayName} may browse. Switch user at the top right to see what others see.
      </p>
      <table class="list">
        <thead>
          <tr>
            <th>Project</th>
            <th>Key</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${projects.map(
            (p) =>
              html`<tr>
                <td><a href="/projects/${p.key}/flow">${p.name}</a></td>
                <td>${p.key}</td>
                <td><a href="/projects/${p.key}/settings/flow">Settings</a></td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${projects.length === 0 ? html`<p>${user.displayName} may not browse any project.</p>` : ''}
      <p><a href="/dashboard">Dashboard</a> with the Flow distribution gadget.</p>`;
    send(res, 200, page(this.chrome(user, 'Projects', '/'), siteNav(projects, '/'), body));
  }

  private async projectPage(
    res: ServerResponse,
    user: Visitor,
    key: string,
    which: 'flow' | 'settings',
  ): Promise<void> {
    const projects = await this.visibleProjects(user);
    const project = projects.find((p) => p.key.toUpperCase() === key.toUpperCase());
    const path = `/projects/${key}/${which === 'flow' ? 'flow' : 'settings/flow'}`;
    if (project === undefined) {
      send(
        res,
        404,
        this.notFound(user, path, `No project ${key} exists, or ${user.displayName} may not browse it.`),
      );
      return;
    }
    const ref = { id: project.id, key: project.key, type: 'software' };
    const body = frame({
      module: which === 'flow' ? 'projectPage' : 'settingsPage',
      frameId: which,
      accountId: user.accountId,
      timezone: this.options.timezoneOf(user.accountId),
      extension: { project: ref },
    });
    send(
      res,
      200,
      page(
        this.chrome(user, `${project.name}: ${which === 'flow' ? 'Flow' : 'Flow settings'}`, path, project),
        projectNav(project, path),
        body,
      ),
    );
  }

  /** The value streams (`jira:globalPage`): in Jira's apps menu, outside any space. */
  private async streamsPage(res: ServerResponse, user: Visitor): Promise<void> {
    const projects = await this.visibleProjects(user);
    const body = frame({
      module: 'streamsPage',
      frameId: 'streams',
      accountId: user.accountId,
      timezone: this.options.timezoneOf(user.accountId),
      extension: {},
    });
    send(res, 200, page(this.chrome(user, 'Value streams', '/streams'), siteNav(projects, '/streams'), body));
  }

  private async issuePage(res: ServerResponse, user: Visitor, key: string): Promise<void> {
    let issue: JiraIssue | null;
    try {
      issue = await getIssue(this.jira(user), key);
    } catch (e) {
      if (e instanceof JiraError && e.code === 'NOT_FOUND') issue = null;
      else throw e;
    }
    if (issue === null) {
      send(
        res,
        404,
        this.notFound(
          user,
          `/browse/${key}`,
          'Issue does not exist or you do not have permission to see it.',
        ),
      );
      return;
    }
    const f = issue.fields;
    const projectKey = f.project?.key ?? projectKeyOfIssueKey(key) ?? key;
    const project = { key: projectKey, name: projectKey };
    const isEpic = f.issuetype.hierarchyLevel === 1 || f.issuetype.name.toLowerCase() === 'epic';
    const extension = {
      issue: { id: issue.id, key: issue.key, type: f.issuetype.name, typeId: f.issuetype.id ?? '' },
      project: { id: f.project?.id ?? '', key: projectKey, type: 'software' },
    };
    const common = {
      accountId: user.accountId,
      timezone: this.options.timezoneOf(user.accountId),
      extension,
    };
    const body = html`<div class="issue-head">
        <div class="muted"><a href="/projects/${projectKey}/flow">${projectKey}</a> / ${issue.key}</div>
        <h1>${f.summary ?? issue.key}</h1>
      </div>
      <dl class="meta card">
        <dt>Type</dt>
        <dd>${f.issuetype.name}</dd>
        <dt>Status</dt>
        <dd>${f.status?.name ?? 'Unknown'}</dd>
        <dt>Resolution</dt>
        <dd>${f.resolution?.name ?? 'Unresolved'}</dd>
        <dt>Labels</dt>
        <dd>${(f.labels ?? []).join(', ') || 'None'}</dd>
        ${
          f.parent
            ? html`<dt>Parent</dt>
                <dd><a href="/browse/${f.parent.key}">${f.parent.key}</a></dd>`
            : ''
        }
        <dt>Created</dt>
        <dd>${new Date(f.created).toISOString().slice(0, 16).replace('T', ' ')}</dd>
      </dl>
      <section class="card" aria-label="Flow panel">
        <h2 class="panel-title">Flow</h2>
        ${frame({ module: 'issuePanel', frameId: 'flow', ...common })}
      </section>
      ${
        isEpic
          ? html`<section class="card" aria-label="Technical debt agreement panel">
              <h2 class="panel-title">Technical debt agreement</h2>
              ${frame({ module: 'agreementPanel', frameId: 'agreement', ...common })}
            </section>`
          : ''
      }`;
    send(
      res,
      200,
      page(
        this.chrome(user, `${issue.key}: ${f.summary ?? ''}`, `/browse/${key}`, project),
        projectNav(project, ''),
        body,
      ),
    );
  }

  private async dashboard(res: ServerResponse, user: Visitor, editing: string | null): Promise<void> {
    const projects = await this.visibleProjects(user);
    const editor = this.options.mayEditDashboard(user.accountId);
    const gadgets = GADGETS.map((g) => {
      const edit = editor && g.id === editing;
      const title = MODULES[g.view].title;
      const gadgetConfiguration = this.options.gadgetStore.get(g.id);
      const extension = {
        dashboard: { id: 'local-dashboard' },
        gadget: { id: g.id },
        gadgetConfiguration,
        ...(edit ? { entryPoint: 'edit' } : {}),
      };
      // Jira reloads a gadget every `refresh` minutes its edit view saved, and when asked from its
      // menu; the preview reloads only at Jira's own intervals (src/jira/gadget-refresh.ts).
      const refresh = gadgetConfiguration.refresh;
      const refreshMinutes = !edit && isGadgetRefresh(refresh) ? refresh : null;
      return html`<section class="card" aria-label="${title} gadget">
        <div class="panel-title">
          ${title}
          ${
            edit
              ? ''
              : html`<span>
                  <button type="button" data-refresh-frame="${g.frame}" aria-label="Refresh ${title}">
                    Refresh
                  </button>
                  ${editor ? html`<a class="button" href="/dashboard?edit=${g.id}" aria-label="Edit ${title}">Edit</a>` : ''}
                </span>`
          }
        </div>
        ${frame({
          module: edit ? g.edit : g.view,
          frameId: edit ? `${g.frame}-edit` : g.frame,
          accountId: user.accountId,
          timezone: this.options.timezoneOf(user.accountId),
          extension,
          after: '/dashboard',
          refreshMinutes,
        })}
      </section>`;
    });
    const body = html`<h1>Dashboard</h1>
      ${
        editor
          ? ''
          : html`<p class="muted">
              This dashboard belongs to the site's administrators: ${user.displayName} may view its gadgets,
              not configure them.
            </p>`
      }
      ${gadgets}`;
    send(res, 200, page(this.chrome(user, 'Dashboard', '/dashboard'), siteNav(projects, '/dashboard'), body));
  }

  /**
   * Jira's issue search, as the user: what a saved filter, its e-mail subscription or Jira's own
   * filter-results gadget would list. The agreement aliases are the app's (manifest.yml).
   */
  private async issueSearch(res: ServerResponse, user: Visitor, jql: string | null): Promise<void> {
    const projects = await this.visibleProjects(user);
    const query = jql ?? SAMPLE_JQL;
    let results: Html;
    try {
      const issues = await searchIssues(this.jira(user), {
        jql: query,
        fields: ['summary', 'status', 'issuetype', 'labels', 'created'],
        limit: SEARCH_SHOWN,
      });
      results = html`<p class="muted" role="status">
          ${issues.length === SEARCH_SHOWN ? `The first ${SEARCH_SHOWN}` : String(issues.length)} work
          item${issues.length === 1 ? '' : 's'}
        </p>
        <table class="list" aria-label="Search results">
          <thead>
            <tr>
              <th>Key</th>
              <th>Summary</th>
              <th>Type</th>
              <th>Status</th>
              <th>Labels</th>
            </tr>
          </thead>
          <tbody>
            ${issues.map(
              (i) =>
                html`<tr>
                  <td><a href="/browse/${i.key}">${i.key}</a></td>
                  <td>${i.fields.summary ?? ''}</td>
                  <td>${i.fields.issuetype.name}</td>
                  <td>${i.fields.status?.name ?? ''}</td>
                  <td>${(i.fields.labels ?? []).join(', ')}</td>
                </tr>`,
            )}
          </tbody>
        </table>`;
    } catch (e) {
      if (!(e instanceof JiraError) || e.status !== 400) throw e;
      results = html`<p role="alert">${e.message}</p>`;
    }
    const last = this.lastTrigger;
    const body = html`<h1>Search work items</h1>
      <form method="get" action="/issues" class="card">
        <label for="jql">JQL</label>
        <textarea id="jql" name="jql" rows="2" style="width: 100%; font: 13px monospace">${query}</textarea>
        <p><button type="submit">Search</button></p>
      </form>
      ${results}
      <section class="card" aria-label="Daily refresh" style="margin-top: 16px">
        <div class="panel-title">Daily refresh</div>
        <p class="muted">
          In Jira, the scheduled trigger refresh-agreements-daily writes every open agreement's status into
          its epic once a day, as the app. Here it runs when you ask, at the preview's clock.
        </p>
        ${
          this.options.mayRunTriggers(user.accountId)
            ? html`<form method="post" action="/__preview/triggers/refresh-agreements">
                <input type="hidden" name="back" value="/issues?jql=${encodeURIComponent(query)}" />
                <button type="submit">Run the daily refresh now</button>
              </form>`
            : html`<p class="muted">Only a Jira administrator may run it here.</p>`
        }
        ${last === null ? '' : html`<p role="status">Last run: ${last}</p>`}
      </section>`;
    send(
      res,
      200,
      page(this.chrome(user, 'Search work items', '/issues'), siteNav(projects, '/issues'), body),
    );
  }

  /** Runs a scheduled trigger's function as Forge would: as the app, with no user. */
  private async runTrigger(req: IncomingMessage, res: ServerResponse, functionKey: string): Promise<void> {
    const run = Object.prototype.hasOwnProperty.call(this.options.scheduled, functionKey)
      ? this.options.scheduled[functionKey]
      : undefined;
    if (run === undefined) throw new HttpProblem(404, `No scheduled function ${functionKey}.`);
    const user = this.requireUser(req);
    if (!this.options.mayRunTriggers(user.accountId))
      throw new HttpProblem(403, 'Only a Jira administrator may run the daily refresh here.');
    const back = localPath(new URLSearchParams(await readBody(req)).get('back'), '/issues');
    const outcome = await this.options.forge.runAsApp(run);
    this.lastTrigger = `${functionKey}: ${describeOutcome(outcome)}`;
    res.writeHead(303, { location: back });
    res.end();
  }

  private async invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const user = this.requireUser(req);
    let parsed;
    try {
      parsed = invokeBody.parse(JSON.parse(await readBody(req)));
    } catch (e) {
      if (e instanceof HttpProblem) throw e;
      throw new HttpProblem(400, 'The invoke request is not valid.');
    }
    const result = await this.options.forge.invoke(parsed.functionKey, parsed.payload, {
      accountId: user.accountId,
      extension: parsed.context?.extension ?? {},
      ...(parsed.context?.moduleKey !== undefined ? { moduleKey: parsed.context.moduleKey } : {}),
    });
    send(res, 200, JSON.stringify(result ?? null), 'application/json');
  }

  private async switchUser(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const accountId = form.get('accountId') ?? '';
    if (!this.options.users.some((u) => u.accountId === accountId))
      throw new HttpProblem(400, 'No such user.');
    res.writeHead(303, {
      location: localPath(form.get('back'), '/'),
      // Strict: a page of another site that links here does not arrive as the chosen person.
      'set-cookie': `${USER_COOKIE}=${encodeURIComponent(accountId)}; Path=/; SameSite=Strict; HttpOnly`,
    });
    res.end();
  }

  private async saveGadget(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const user = this.requireUser(req);
    if (!this.options.mayEditDashboard(user.accountId))
      throw new HttpProblem(403, `${user.displayName} may not edit this dashboard, so not its gadgets.`);
    if (!GADGETS.some((g) => g.id === id)) throw new HttpProblem(404, 'No such gadget on this dashboard.');
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      throw new HttpProblem(400, 'A gadget configuration is a JSON object.');
    }
    const config = z.record(z.string(), z.unknown()).safeParse(body);
    if (!config.success) throw new HttpProblem(400, 'A gadget configuration is a JSON object.');
    const refresh = config.data.refresh;
    if (refresh !== undefined && !isGadgetRefresh(refresh))
      throw new HttpProblem(
        400,
        `A gadget refreshes every ${GADGET_REFRESH_MINUTES.join(', ')} minutes, or only when asked.`,
      );
    this.options.gadgetStore.set(id, config.data);
    send(res, 200, JSON.stringify({ saved: true }), 'application/json');
  }

  /** A built resource file; the HTML gets the host bridge in front of the app's own scripts. */
  private async resource(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    const [resource, ...parts] = rest.split('/');
    if (resource === undefined || !RESOURCES.includes(resource))
      throw new HttpProblem(404, 'No such resource.');
    const root = path.join(this.options.staticRoot, resource, 'build');
    const file = path.resolve(root, ...parts.map(decodeURIComponent));
    if (!file.startsWith(root + path.sep)) throw new HttpProblem(404, 'No such file.');
    if (!existsSync(file)) {
      const hint = existsSync(root)
        ? 'No such file.'
        : `The ${resource} surface is not built: run "npm run build:ui".`;
      throw new HttpProblem(404, hint);
    }
    let body: Buffer | string = await fs.readFile(file);
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (path.extname(file) === '.html') {
      body = body
        .toString('utf8')
        .replace('<head>', '<head>\n    <script src="/__preview/bridge.js"></script>');
    }
    sendCompressed(req, res, body, type, { 'content-security-policy': RESOURCE_CSP });
  }
}

/** Jira, as a user of the emulator, for the host pages: the same adapter as the app's. */
export function emulatorTransport(
  emulator: JiraEmulator,
  actorOf: (accountId: string) => Actor | null,
  accountId: string,
): JiraTransport {
  return async (request: JiraHttpRequest): Promise<JiraHttpResponse> => {
    const actor = actorOf(accountId);
    if (actor === null)
      return { status: 401, text: '{"errorMessages":["Not signed in"]}', header: () => null };
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const r = await emulator.handle({ method: request.method, path: request.path, body }, actor);
    return { status: r.status, text: r.body, header: (name) => r.headers[name.toLowerCase()] ?? null };
  };
}

export async function myself(transport: JiraTransport): Promise<PreviewUser> {
  const me = await getMyself(new JiraClient(transport, { deadline: Date.now() + 30_000 }));
  return {
    accountId: me.accountId,
    displayName: me.displayName ?? me.accountId,
    emailAddress: me.emailAddress ?? '',
  };
}
