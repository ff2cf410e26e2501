/**
 * One project-page load of the load benchmark (bench/load-bench.ts), in a process of its own so
 * that its peak memory is the resolver's alone: either the app's own `getProjectFlow` resolver,
 * run as Forge would over HTTP to the emulator with its storage in a local file, or the naive
 * load every open-source flow tool does (sequential search pages with `expand=changelog`, no
 * cache). Prints one JSON line.
 */
import path from 'node:path';
import { z } from 'zod';
import { Zone } from '../src/domain/calendar';
import { computeFlowReport } from '../src/domain/flow-report';
import { DEFAULT_SETTINGS } from '../src/domain/settings';
import { defaultWindow } from '../src/domain/window';
import { fetchTransport } from '../src/jira/fetch-transport';
import { toKnownStatus, toWorkItem } from '../src/jira/issue-mapper';
import { getProject, getStatuses } from '../src/jira/jira-api';
import { FLOW_FIELDS } from '../src/jira/jira-search';
import { JiraClient } from '../src/jira/jira-client';
import { issueSchema } from '../src/jira/schemas';
import { KvsStore } from '../src/local/forge/kvs-store';
import { FLOW_LEDGER_APP } from '../src/local/forge/flow-ledger-app';
import { LocalForge, type ForgeApp } from '../src/local/forge/local-forge';
import { bundledApp } from '../src/local/forge/bundled-app';
import { windowJql } from '../src/services/project-data';

export const runSpec = z.object({
  url: z.string(),
  email: z.string(),
  token: z.string(),
  accountId: z.string(),
  projectKey: z.string(),
  weeks: z.number().int().positive(),
  /** The project page's load, the naive one, a value stream's load, or making the stream (not measured). */
  mode: z.enum(['app', 'naive', 'stream', 'create-stream', 'stream-register']),
  /** For a stream: its spaces. */
  streamKeys: z.array(z.string()).default([]),
  kvsFile: z.string(),
  /** Forge storage's round trip, each way. */
  kvsLatencyMs: z.number().min(0),
  now: z.number(),
  /**
   * Loads the page once before the measured load, in the same process: Forge may run an
   * invocation in a runtime an earlier one used, whose code is loaded and compiled already.
   */
  reuseRuntime: z.boolean().default(false),
  /** Runs Forge's bundle of the app (dist/forge/index.cjs, scripts/forge-bundle.js), not the compiled sources. */
  bundled: z.boolean().default(false),
});
export type RunSpec = z.infer<typeof runSpec>;

export const runResultSchema = z.object({
  ok: z.boolean(),
  /** `ready`, or the error code. */
  outcome: z.string(),
  /** `async` when the first answer was `refreshing` and the figures came after the consumer's work. */
  path: z.enum(['resolver', 'async']),
  issuesRead: z.number(),
  /** The work items read so far, as each answer while refreshing reported them. */
  progress: z.array(z.number()),
  wallMs: z.number(),
  /** CPU time of the process during the load (the resolver's and, on the async path, the consumer's). */
  cpuMs: z.number(),
  peakRssMb: z.number(),
  /** Forge storage units the load spent (src/local/forge/kvs-metering.ts). */
  storage: z.object({ read: z.number(), write: z.number() }),
});
export type RunResult = z.infer<typeof runResultSchema>;

const answerSchema = z.union([
  z.object({
    ok: z.literal(true),
    data: z
      .object({
        issuesRead: z.number().optional(),
        status: z.string().optional(),
        progress: z.object({ done: z.number(), total: z.number() }).optional(),
      })
      .loose(),
  }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

type Outcome = Omit<RunResult, 'wallMs' | 'cpuMs' | 'peakRssMb' | 'storage'>;

/** The stream the benchmark measures, of every space it names. */
export const BENCH_STREAM = 'bench-stream-0001';

/**
 * The app as the run asks: the compiled sources, or Forge's bundle. The bundle keeps its own copy
 * of the backend's clock, which LocalForge cannot set; it reads Date.now, so that is moved to the
 * run's moment instead (and keeps running, as the sources' deadlines do on the real clock).
 */
/** Forge's bundle, from dist/bench/. */
export const BUNDLE = path.join(__dirname, '..', 'forge', 'index.cjs');

function loadApp(spec: RunSpec): ForgeApp {
  if (!spec.bundled) return FLOW_LEDGER_APP;
  const realNow = Date.now.bind(Date);
  const offset = spec.now - realNow();
  Date.now = () => realNow() + offset;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return bundledApp(require(BUNDLE));
}

/** How often the page asks again while the consumer fills the cache (static/common/refreshing.tsx). */
const POLL_MS = 5000;

/**
 * The page's load: the resolver, and while it answers `refreshing`, the page asking again every few
 * seconds while the consumer (in this process, as the preview runs it) fills the cache.
 */
async function appLoad(spec: RunSpec, forge: LocalForge): Promise<Outcome> {
  const progress: number[] = [];
  const context = { accountId: spec.accountId };
  if (spec.mode === 'stream-register') {
    // The register reads its spaces in the call, whole (it has no hand-over to the consumer).
    const answer = answerSchema.parse(
      await forge.invoke('listStreamAgreements', { streamId: BENCH_STREAM }, context),
    );
    const outcome = answer.ok ? 'ready' : answer.error.code;
    return { ok: answer.ok, outcome, path: 'resolver', issuesRead: 0, progress };
  }
  for (let asked = 0; ; asked++) {
    const answer = answerSchema.parse(
      spec.mode === 'stream'
        ? await forge.invoke('getStreamFlow', { streamId: BENCH_STREAM, weeks: spec.weeks }, context)
        : await forge.invoke(
            'getProjectFlow',
            { projectKey: spec.projectKey, weeks: spec.weeks },
            { ...context, moduleKey: 'flow-project-page', extension: { type: 'jira:projectPage' } },
          ),
    );
    const path = asked === 0 ? 'resolver' : 'async';
    if (!answer.ok) return { ok: false, outcome: answer.error.code, path, issuesRead: 0, progress };
    if (answer.data.status !== 'refreshing') {
      return { ok: true, outcome: 'ready', path, issuesRead: answer.data.issuesRead ?? 0, progress };
    }
    progress.push(answer.data.progress?.done ?? 0);
    await Promise.race([forge.queue.idle(), new Promise((resolve) => setTimeout(resolve, POLL_MS))]);
  }
}

function appForge(spec: RunSpec, app: ForgeApp): { forge: LocalForge; kvs: KvsStore } {
  const transport = fetchTransport(
    { site: spec.url, email: spec.email, apiToken: spec.token },
    { allowWrites: true },
  );
  const kvs = new KvsStore({ file: spec.kvsFile, latencyMs: spec.kvsLatencyMs, writeBehind: true });
  const forge = new LocalForge({ kind: 'site', transport }, kvs, app.handler, () => spec.now, app.consumers);
  return { forge, kvs };
}

const naivePage = z.object({
  issues: z.array(issueSchema),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

async function naiveLoad(spec: RunSpec): Promise<Outcome> {
  const jira = new JiraClient(fetchTransport({ site: spec.url, email: spec.email, apiToken: spec.token }), {
    deadline: Date.now() + 3_600_000,
    concurrency: 1,
  });
  const project = await getProject(jira, spec.projectKey);
  const zone = new Zone(DEFAULT_SETTINGS.timeZone);
  const { from, to } = defaultWindow({ weeks: spec.weeks }, zone, spec.now);
  const statuses = (await getStatuses(jira)).map(toKnownStatus);
  const issues = [];
  let nextPageToken: string | undefined;
  for (;;) {
    const page = await jira.json(
      {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body: {
          jql: windowJql(project, from),
          fields: FLOW_FIELDS,
          expand: 'changelog',
          maxResults: 100,
          ...(nextPageToken !== undefined ? { nextPageToken } : {}),
        },
      },
      naivePage,
    );
    issues.push(...page.issues);
    if (
      page.isLast === true ||
      page.nextPageToken === undefined ||
      page.nextPageToken === null ||
      page.issues.length === 0
    )
      break;
    nextPageToken = page.nextPageToken;
  }
  computeFlowReport({
    project: project.key,
    items: issues.map((issue) => toWorkItem(issue)),
    statuses,
    window: { from, to, asOf: spec.now },
    settings: DEFAULT_SETTINGS,
  });
  return { ok: true, outcome: 'ready', path: 'resolver', issuesRead: issues.length, progress: [] };
}

/** Makes the benchmark's stream, as its first person would through the page. */
async function createStream(spec: RunSpec, forge: LocalForge): Promise<Outcome> {
  const answer = answerSchema.parse(
    await forge.invoke(
      'saveStream',
      { streamId: BENCH_STREAM, revision: 0, stream: { name: 'Bench stream', spaceKeys: spec.streamKeys } },
      { accountId: spec.accountId },
    ),
  );
  return {
    ok: answer.ok,
    outcome: answer.ok ? 'ready' : answer.error.code,
    path: 'resolver',
    issuesRead: 0,
    progress: [],
  };
}

async function main(): Promise<void> {
  const spec = runSpec.parse(JSON.parse(process.argv[2] ?? '{}'));
  // The local store's file stands for Forge's storage service: read before, written after the clock.
  const app = spec.mode === 'naive' ? null : appForge(spec, loadApp(spec));
  if (app !== null && spec.mode === 'create-stream') {
    const made = await createStream(spec, app.forge);
    app.kvs.flush();
    const none = { wallMs: 0, cpuMs: 0, peakRssMb: 0, storage: { read: 0, write: 0 } };
    process.stdout.write(`${JSON.stringify({ ...made, ...none })}\n`);
    return;
  }
  if (app !== null && spec.reuseRuntime) await appLoad(spec, app.forge);
  const before = { ...(app?.kvs.units ?? { read: 0, write: 0 }) };
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = app === null ? await naiveLoad(spec) : await appLoad(spec, app.forge);
  const wallMs = Math.round(performance.now() - started);
  const used = process.cpuUsage(cpu);
  const cpuMs = Math.round((used.user + used.system) / 1000);
  app?.kvs.flush();
  const spent = app?.kvs.units ?? before;
  const out: RunResult = {
    ...result,
    wallMs,
    cpuMs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    storage: { read: spent.read - before.read, write: spent.write - before.write },
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
