import { Html, html } from './html';
import { MODULES, type ModuleName } from './modules';
import type { ColorMode } from './theme';

/**
 * The preview's Jira-like pages. They are only the frame around the app: each surface is the built
 * Custom UI resource, loaded in an iframe with the extension context Jira would give it.
 */

export interface PreviewUser {
  readonly accountId: string;
  readonly displayName: string;
  readonly emailAddress: string;
}

export interface Chrome {
  readonly title: string;
  readonly path: string;
  readonly user: PreviewUser;
  readonly users: readonly PreviewUser[];
  readonly siteLabel: string;
  /** Jira's theme as this visitor chose it; the frames take it from the page (bridge-script.ts). */
  readonly colorMode: ColorMode;
  /** The session's secret, which the frames send with every invoke (preview-guard.ts). */
  readonly session: string;
  readonly project?: { key: string; name: string } | undefined;
}

// Jira's own neutrals, light and dark, so that a themed frame sits in a page of the same theme.
const STYLE = `
  :root { --text: #172B4D; --subtle: #626F86; --meta: #44546F; --link: #0C66E4; --page: #F7F8F9; --surface: #fff; --border: #DCDFE4; --selected: #E9F2FF; }
  :root[data-color-mode="dark"] { --text: #DEE4EA; --subtle: #9FADBC; --meta: #B6C2CF; --link: #579DFF; --page: #161A1D; --surface: #22272B; --border: #38414A; --selected: #1C2B41; color-scheme: dark; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/20px -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--page); }
  a { color: var(--link); }
  header.top { display: flex; justify-content: space-between; align-items: center; gap: 16px; padding: 8px 16px; background: var(--surface); border-bottom: 1px solid var(--border); }
  header.top .brand { font-weight: 600; text-decoration: none; color: var(--text); }
  header.top .brand span { color: var(--subtle); font-weight: 400; margin-left: 8px; }
  header.top .tools { display: flex; gap: 16px; align-items: center; }
  header.top form { display: flex; gap: 8px; align-items: center; color: var(--subtle); }
  .layout { display: grid; grid-template-columns: 220px 1fr; min-height: calc(100vh - 49px); }
  nav { background: var(--surface); border-right: 1px solid var(--border); padding: 16px 8px; }
  nav h2 { font-size: 12px; text-transform: uppercase; color: var(--subtle); margin: 8px 8px; }
  nav a { display: block; padding: 6px 8px; border-radius: 3px; text-decoration: none; color: var(--text); }
  nav a[aria-current="page"] { background: var(--selected); color: var(--link); }
  main { padding: 16px 24px; min-width: 0; }
  iframe.forge { width: 100%; border: 0; background: var(--surface); border-radius: 3px; display: block; min-height: 120px; color-scheme: normal; }
  .card { background: var(--surface); border: 1px solid var(--border); border-radius: 3px; padding: 16px; margin-bottom: 16px; }
  .panel-title { font-size: 14px; font-weight: 600; margin: 0 0 8px; display: flex; justify-content: space-between; align-items: center; }
  .issue-head h1 { font-size: 24px; line-height: 28px; margin: 4px 0 12px; }
  .meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; color: var(--meta); }
  .meta dt { color: var(--subtle); }
  .muted { color: var(--subtle); }
  table.list { border-collapse: collapse; width: 100%; background: var(--surface); }
  table.list td, table.list th { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--border); }
  /* As Jira's sidebar folds away on a narrow window: the navigation goes above the page. */
  @media (max-width: 900px) {
    .layout { grid-template-columns: 1fr; }
    nav { border-right: 0; border-bottom: 1px solid var(--border); padding: 8px; display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
    nav h2 { display: none; }
    main { padding: 12px; }
    header.top { flex-wrap: wrap; }
  }
  /* Jira Software's backlog: a sprint's card, and the "..." menus that hold the apps' actions. */
  .sprint { display: flex; justify-content: space-between; align-items: center; gap: 12px; }
  .sprint h2 { font-size: 16px; margin: 0; }
  details.menu { position: relative; }
  details.menu summary { list-style: none; cursor: pointer; padding: 2px 10px; border-radius: 3px; border: 1px solid var(--border); }
  details.menu summary::-webkit-details-marker { display: none; }
  details.menu [role="menu"] { position: absolute; right: 0; z-index: 10; min-width: 220px; margin-top: 4px; padding: 4px 0; background: var(--surface); border: 1px solid var(--border); border-radius: 3px; box-shadow: 0 4px 8px rgba(9,30,66,0.25); }
  details.menu [role="menuitem"] { display: block; width: 100%; text-align: left; border: 0; border-radius: 0; padding: 6px 12px; }
  button, .button { font: inherit; padding: 4px 12px; border-radius: 3px; border: 1px solid var(--border); background: var(--surface); color: var(--text); cursor: pointer; text-decoration: none; }
`;

export function page(chrome: Chrome, nav: Html, body: Html): string {
  const options = chrome.users.map(
    (u) =>
      html`<option value="${u.accountId}" ${u.accountId === chrome.user.accountId ? html`selected` : ''}>
        ${u.displayName} (${u.emailAddress})
      </option>`,
  );
  return html`<!doctype html>
    <html lang="en" data-color-mode="${chrome.colorMode}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="flow-ledger-session" content="${chrome.session}" />
        <link rel="icon" href="data:," />
        <title>${chrome.title} – Flow Ledger preview</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">Jira<span>Flow Ledger preview · ${chrome.siteLabel}</span></a>
          <div class="tools">
            <button
              type="button"
              data-theme-switch
              aria-pressed="${chrome.colorMode === 'dark' ? 'true' : 'false'}"
            >
              Dark theme
            </button>
            <form method="post" action="/__preview/user">
              <label for="acting-as">Acting as</label>
              <select id="acting-as" name="accountId" data-autosubmit>
                ${options}
              </select>
              <input type="hidden" name="back" value="${chrome.path}" />
              <noscript><button type="submit">Switch</button></noscript>
            </form>
          </div>
        </header>
        <div class="layout">
          <nav aria-label="Jira">${nav}</nav>
          <main>${body}</main>
        </div>
        <script src="/__preview/host.js"></script>
      </body>
    </html>`.value;
}

/** The first page of a visit: who to be. Until someone is chosen, the preview acts as nobody. */
export function chooserPage(options: {
  readonly users: readonly PreviewUser[];
  readonly siteLabel: string;
  readonly session: string;
  readonly back: string;
}): string {
  return html`<!doctype html>
    <html lang="en" data-color-mode="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>Who are you? – Flow Ledger preview</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">Jira<span>Flow Ledger preview · ${options.siteLabel}</span></a>
        </header>
        <main>
          <div class="card">
            <h1>Who are you?</h1>
            <p class="muted">
              The preview shows each page as one person of the site may see it. Choose who to be; the switcher
              at the top right of every page changes it later.
            </p>
            <form method="post" action="/__preview/user">
              <input type="hidden" name="back" value="${options.back}" />
              ${options.users.map(
                (u) =>
                  html`<p>
                    <button type="submit" name="accountId" value="${u.accountId}">
                      ${u.displayName} (${u.emailAddress})
                    </button>
                  </p>`,
              )}
            </form>
          </div>
        </main>
      </body>
    </html>`.value;
}

export function siteNav(projects: readonly { key: string; name: string }[], current: string): Html {
  const link = (href: string, label: string): Html =>
    html`<a href="${href}" ${href === current ? html`aria-current="page"` : ''}>${label}</a>`;
  return html`<h2>You</h2>
    ${link('/dashboard', 'Dashboard')} ${link('/issues', 'Search work items')}
    <h2>Apps</h2>
    ${link('/streams', 'Value streams')}
    <h2>Projects</h2>
    ${projects.map((p) => html`<a href="/projects/${encodeURIComponent(p.key)}/flow" ${current.startsWith(`/projects/${p.key}/`) ? html`aria-current="page"` : ''}>${p.name} (${p.key})</a>`)}`;
}

export function projectNav(project: { key: string; name: string }, current: string): Html {
  const base = `/projects/${encodeURIComponent(project.key)}`;
  const link = (href: string, label: string): Html =>
    html`<a href="${href}" ${href === current ? html`aria-current="page"` : ''}>${label}</a>`;
  return html`<h2>${project.name}</h2>
    ${link(`${base}/flow`, 'Flow')} ${link(`${base}/boards`, 'Boards and backlogs')}
    ${link(`${base}/settings/flow`, 'Project settings: Flow')}
    <h2>Site</h2>
    ${link('/', 'All projects')} ${link('/dashboard', 'Dashboard')} ${link('/issues', 'Search work items')}
    ${link('/streams', 'Value streams')}`;
}

export interface FrameSpec {
  readonly module: ModuleName;
  readonly frameId: string;
  readonly accountId: string;
  readonly extension: Record<string, unknown>;
  readonly timezone: string;
  /** Where the host goes when the frame submits or asks to close (gadget edit). */
  readonly after?: string;
  /** A gadget's saved `refresh`: the dashboard reloads its frame this many minutes apart. */
  readonly refreshMinutes?: number | null;
}

/** The context Jira gives a module's frame (`view.getContext()`), as the preview gives it. */
function frameContext(spec: FrameSpec): Record<string, unknown> {
  const m = MODULES[spec.module];
  return {
    accountId: spec.accountId,
    cloudId: 'local-cloud',
    localId: `${m.key}-${spec.frameId}`,
    moduleKey: m.key,
    locale: 'en-US',
    timezone: spec.timezone,
    siteUrl: 'http://localhost',
    environmentId: 'local',
    environmentType: 'DEVELOPMENT',
    extension: { type: m.type, ...spec.extension },
  };
}

/** An app frame: the built resource, told its extension context as Jira tells it. */
export function frame(spec: FrameSpec): Html {
  const m = MODULES[spec.module];
  const context = frameContext(spec);
  const query = new URLSearchParams({ frame: spec.frameId, context: JSON.stringify(context) });
  return html`<iframe
    class="forge"
    data-frame="${spec.frameId}"
    data-after="${spec.after ?? ''}"
    ${typeof spec.refreshMinutes === 'number' ? html`data-refresh-minutes="${String(spec.refreshMinutes)}"` : ''}
    title="${m.title}"
    src="/__resources/${m.resource}/index.html?${query.toString()}"
    sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-downloads"
  ></iframe>`;
}

/**
 * A menu item of Jira's that opens an app's action module (`jira:sprintAction`,
 * `jira:backlogAction`) in Jira's modal, at the module's viewport size, with its extension
 * context; the host script opens it (host-script.ts).
 */
export function actionItem(spec: FrameSpec, size: 'small' | 'medium' | 'large' | 'xlarge'): Html {
  const m = MODULES[spec.module];
  const action = { resource: m.resource, size, title: m.title, context: frameContext(spec) };
  return html`<button type="button" role="menuitem" data-open-action="${JSON.stringify(action)}">
    ${m.title}
  </button>`;
}

/** A "..." menu as Jira Software's backlog has one: its items are the apps' actions. */
export function actionMenu(label: string, items: readonly Html[]): Html {
  return html`<details class="menu">
    <summary aria-label="${label}" title="${label}">…</summary>
    <div role="menu" aria-label="${label}">${items}</div>
  </details>`;
}

export interface BoardSummary {
  readonly id: number;
  readonly name: string;
  readonly type: string;
}

export interface SprintSummary {
  readonly id: number;
  readonly name: string;
  readonly state: 'active' | 'future' | 'closed';
  readonly startDate: string | null;
  readonly endDate: string | null;
}

/** A space's boards, each opening its backlog, as Jira's board switcher lists them. */
export function boardsBody(project: { key: string; name: string }, boards: readonly BoardSummary[]): Html {
  const base = `/projects/${encodeURIComponent(project.key)}/boards`;
  return html`<h1>Boards of ${project.name}</h1>
    ${
      boards.length === 0
        ? html`<p class="muted">${project.key} has no board you may see.</p>`
        : html`<table class="list" aria-label="Boards">
            <thead>
              <tr>
                <th>Board</th>
                <th>Type</th>
              </tr>
            </thead>
            <tbody>
              ${boards.map(
                (b) =>
                  html`<tr>
                    <td><a href="${base}/${String(b.id)}/backlog">${b.name}</a></td>
                    <td>${b.type}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

/**
 * A board's backlog as Jira Software shows it, reduced to what the app hooks into: the backlog's
 * "..." menu (`jira:backlogAction`) and each open sprint's "..." menu (`jira:sprintAction`), each
 * opening the app's dialog with the board and sprint in its context, as Jira gives them (ids as
 * strings).
 */
export function backlogBody(options: {
  readonly project: { id: string; key: string; name: string };
  readonly board: BoardSummary;
  readonly sprints: readonly SprintSummary[];
  readonly accountId: string;
  readonly timezone: string;
  readonly location: string;
}): Html {
  const { project, board, sprints, accountId, timezone, location } = options;
  const common = {
    accountId,
    timezone,
    project: { id: project.id, key: project.key, type: 'software' },
    board: { id: String(board.id), type: board.type },
    location,
  };
  const backlogAction = actionItem(
    {
      module: 'backlogAction',
      frameId: 'backlog-action',
      accountId,
      timezone,
      extension: { project: common.project, board: common.board, location },
    },
    'xlarge',
  );
  const dates = (s: SprintSummary): string =>
    s.startDate === null && s.endDate === null
      ? 'no dates yet'
      : `${s.startDate ?? '–'} to ${s.endDate ?? '–'}`;
  return html`<div class="sprint">
      <h1>${board.name}: backlog</h1>
      ${actionMenu('Backlog actions', [backlogAction])}
    </div>
    <p class="muted">${board.type} board of ${project.name}. The apps' actions are in the "…" menus.</p>
    ${
      board.type === 'kanban'
        ? html`<p class="muted">
            A Kanban board has no sprints: its backlog's menu plans its next work items.
          </p>`
        : sprints.length === 0
          ? html`<p class="muted">The board has no open sprint.</p>`
          : sprints.map(
              (s) =>
                html`<section class="card" aria-label="Sprint ${s.name}">
                  <div class="sprint">
                    <div>
                      <h2>${s.name}</h2>
                      <span class="muted">${s.state === 'active' ? 'Active' : 'Future'} · ${dates(s)}</span>
                    </div>
                    ${actionMenu(`Sprint actions: ${s.name}`, [
                      actionItem(
                        {
                          module: 'sprintAction',
                          frameId: `sprint-action-${String(s.id)}`,
                          accountId,
                          timezone,
                          extension: {
                            project: common.project,
                            board: common.board,
                            sprint: { id: String(s.id), state: s.state },
                            location,
                          },
                        },
                        'xlarge',
                      ),
                    ])}
                  </div>
                </section>`,
            )
    }`;
}
