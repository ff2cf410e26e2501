/**
 * `npm run bench`: what a project-page load costs Jira and the resolver, against the emulator with
 * a realistic latency, on resampled datasets of 1 000, 10 000 and 50 000 flow items
 * (src/local/dataset/resample.ts), over 12 and 52 weeks: cold, warm (nothing changed), warm with
 * 1 % of the issues changed, and the naive load side by side. Each load runs in a child process
 * (bench/load-run.ts) so that its peak memory is the resolver's own. The warm load runs a third
 * time from Forge's bundle (dist/forge/index.cjs), in a fresh process, as a Forge cold start would.
 * Then value streams of resampled spaces (`--streams`, spaces × items of each), as the stream page
 * loads them. Every load reports the Forge storage units it spent and the loads a minute they allow.
 * Asserts nothing about time: these machines are shared and noisy, so it reports counts and ratios;
 * it fails only when the bundle's load is not the same load (another answer, other calls).
 *
 *   npm run bench -- [--items 1000,10000,50000] [--weeks 12,52] [--streams 10x1000] [--latency 80]
 *                    [--kvs-latency 10] [--json <file>]
 *
 * With BENCH_PROFILE_DIR set, each load's process writes a V8 CPU profile there (--cpu-prof).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { Zone } from '../src/domain/calendar';
import { seededRandom } from '../src/domain/random';
import { defaultWindow } from '../src/domain/window';
import { windowJql } from '../src/services/project-data';
import { loadDataset } from '../src/local/dataset/load-dataset';
import { resampleIssues } from '../src/local/dataset/resample';
import { JiraEmulator } from '../src/local/emulator/emulator';
import { startEmulatorServer } from '../src/local/emulator/http-server';
import { loadSite } from '../src/local/emulator/load-site';
import { UNITS_PER_MINUTE } from '../src/local/forge/kvs-metering';
import { BUNDLE, runResultSchema, type RunResult, type RunSpec } from './load-run';

const execFileAsync = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const DEMO = path.join(ROOT, 'demo');
/** The resampled sites' clock. */
const END = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;
const SPAN_DAYS = 365;
const PROJECT = { id: '20000', key: 'BENCH', name: 'Resampled AGPUSH' };
const ADMIN = { email: 'admin@example.com', token: 'flow-ledger' };

type Mode = 'cold' | 'warm' | 'warm-changed' | 'naive';

interface Run {
  /** What was loaded: the project page of one space, or a stream of several. */
  readonly subject: string;
  readonly items: number;
  readonly weeks: number;
  readonly mode: Mode;
  readonly path: 'resolver' | 'async';
  readonly outcome: string;
  readonly issuesRead: number;
  readonly calls: number;
  readonly lowerBoundCalls: number;
  readonly callsByEndpoint: Record<string, number>;
  readonly issuesTransferred: number;
  readonly wallMs: number;
  /** Warm loads: the wall time again, in a runtime that served the same load just before. */
  readonly reusedRuntimeWallMs?: number;
  /** The same warm load from Forge's bundle (scripts/forge-bundle.js) in a fresh process. */
  readonly bundled?: { readonly wallMs: number; readonly calls: number };
  readonly cpuMs: number;
  readonly peakRssMb: number;
  /** While refreshing: the work items read, as each of the page's polls was told. */
  readonly progress: readonly number[];
  /** Forge storage units the load spent (reads, writes), counted by the local store. */
  readonly storage: { readonly read: number; readonly write: number };
}

/**
 * Loads of this kind one installation can serve a minute before Forge's storage quota (4 000 read
 * units and 4 000 write units a minute), whichever of the two runs out first.
 */
export function loadsPerMinute(storage: { readonly read: number; readonly write: number }): number {
  const most = Math.max(storage.read, storage.write);
  return most === 0 ? Number.POSITIVE_INFINITY : Math.floor(UNITS_PER_MINUTE / most);
}

const list = (text: string): number[] =>
  text
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);

/** Search pages of 100, bulk changelog calls of 1000, and the metadata: project, statuses twice, fields. */
export function lowerBound(issues: number): number {
  return Math.max(1, Math.ceil(issues / 100)) + Math.ceil(issues / 1000) + 4;
}

/** The stream case's spaces: as many resampled spaces, each its own ids and seed. */
function streamSpaces(count: number): { id: string; key: string; name: string }[] {
  return Array.from({ length: count }, (_, k) => ({
    id: String(30_000 + k),
    key: `TEAM${k}`,
    name: `Team ${k}`,
  }));
}

async function makeDataset(
  items: number,
  dir: string,
  projects: readonly { id: string; key: string; name: string }[] = [PROJECT],
): Promise<void> {
  const sources = gunzipSync(readFileSync(path.join(DEMO, 'agpush.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l): unknown => JSON.parse(l));
  const issues = projects.flatMap((project, k) =>
    resampleIssues(sources, {
      items,
      seed: 20_260_601 + k,
      end: END,
      spanDays: SPAN_DAYS,
      project,
      firstId: 100_000 + k * 1_000_000,
    }),
  );
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'issues.jsonl.gz'), gzipSync(issues.map((i) => JSON.stringify(i)).join('\n')));
  // The status list of the real project, with the categories its own issues decide.
  const demo = await loadDataset(path.join(DEMO, 'agpush.jsonl.gz'));
  writeFileSync(
    path.join(dir, 'statuses.json'),
    JSON.stringify(
      demo.statuses.map((s) => ({ id: s.id, name: s.name, statusCategory: { key: s.category } })),
    ),
  );
}

/** The load in a child process; the emulator answers it from this one, so nothing here may block. */
async function runChild(spec: RunSpec): Promise<RunResult> {
  const { stdout } = await execFileAsync(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE_DIR !== undefined
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
      path.join(__dirname, 'load-run.js'),
      JSON.stringify(spec),
    ],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const last = stdout.trim().split('\n').at(-1) ?? '{}';
  return runResultSchema.parse(JSON.parse(last));
}

/** Fresh processes that only load a module, each timing it (bench/module-load.ts). */
const MODULE_LOADS = 7;

/** The median of MODULE_LOADS fresh loads of the app's entry module, in ms. */
async function moduleLoadMs(file: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < MODULE_LOADS; i++) {
    const { stdout } = await execFileAsync(process.execPath, [path.join(__dirname, 'module-load.js'), file], {
      encoding: 'utf8',
    });
    times.push(Number(stdout.trim()));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** The issues a load over the window must read, as the app's own window search counts them. */
async function windowCount(
  emulator: JiraEmulator,
  weeks: number,
  at: number,
  project: { id: string; key: string; name: string } = PROJECT,
): Promise<number> {
  const { from } = defaultWindow({ weeks }, new Zone('UTC'), at);
  const answer = await emulator.handle({
    method: 'POST',
    path: '/rest/api/3/search/approximate-count',
    headers: { authorization: `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.token}`).toString('base64')}` },
    body: JSON.stringify({ jql: windowJql(project, from) }),
  });
  const count = countSchema.parse(JSON.parse(answer.body)).count;
  emulator.clearLog();
  return count;
}

const countSchema = z.object({ count: z.number() });

/** Changes 1 % of the issues as a person would: a label added, with its history, `updated` moved. */
function changeSome(emulator: JiraEmulator, fraction: number, seed: number, at: number): number {
  const random = seededRandom(seed);
  const issues = emulator.site.issues.filter(() => random() < fraction);
  for (const issue of issues) {
    emulator.site.relabel(issue, [...(issue.parsed.fields.labels ?? []), 'bench-touched'], at, null);
  }
  emulator.siteChanged();
  return issues.length;
}

function table(runs: readonly Run[], latencyMs: number): string {
  const header = [
    'load',
    'items',
    'weeks',
    'mode',
    'path',
    'outcome',
    'read',
    'calls',
    'lower bound',
    'calls ÷ bound',
    'wall s',
    'reused s',
    'bundle: wall s',
    'cpu s',
    'peak MB',
    'kvs read u',
    'kvs write u',
    'loads/min',
  ];
  const rows = runs.map((r) => [
    r.subject,
    String(r.items),
    String(r.weeks),
    r.mode,
    r.path,
    r.outcome,
    String(r.issuesRead),
    String(r.calls),
    String(r.lowerBoundCalls),
    (r.calls / r.lowerBoundCalls).toFixed(2),
    (r.wallMs / 1000).toFixed(2),
    r.reusedRuntimeWallMs === undefined ? '' : (r.reusedRuntimeWallMs / 1000).toFixed(2),
    r.bundled === undefined ? '' : (r.bundled.wallMs / 1000).toFixed(2),
    (r.cpuMs / 1000).toFixed(2),
    String(r.peakRssMb),
    String(r.storage.read),
    String(r.storage.write),
    Number.isFinite(loadsPerMinute(r.storage)) ? String(loadsPerMinute(r.storage)) : '–',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return [
    `Latency ${latencyMs} ms a request. Storage in Forge's 10 KB units; loads/min: how many of that load one installation serves a minute before ${UNITS_PER_MINUTE} read or write units.`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      items: { type: 'string', default: '1000,10000,50000' },
      weeks: { type: 'string', default: '12,52' },
      latency: { type: 'string', default: '80' },
      'kvs-latency': { type: 'string', default: '10' },
      json: { type: 'string' },
      naive: { type: 'boolean', default: true },
      streams: { type: 'string', default: '10x1000' },
    },
  });
  const latencyMs = Number(values.latency);
  // A cold start's first part, alone: the compiled sources' entry module and Forge's bundle.
  const moduleLoad = {
    sourcesMs: await moduleLoadMs(path.join(__dirname, '..', 'src', 'index.js')),
    bundleMs: await moduleLoadMs(BUNDLE),
  };
  process.stdout.write(
    `Loading the app's module in a fresh process (median of ${MODULE_LOADS}): compiled sources ${(moduleLoad.sourcesMs / 1000).toFixed(2)} s, Forge's bundle ${(moduleLoad.bundleMs / 1000).toFixed(2)} s\n`,
  );
  const kvsLatencyMs = Number(values['kvs-latency']);
  const started = Date.now();
  const work = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-bench-'));
  const runs: Run[] = [];
  for (const items of list(values.items)) {
    const dir = path.join(work, `items-${items}`);
    await makeDataset(items, dir);
    const { site } = await loadSite(dir);
    // Each load runs at its own moment: the cold one at the data's end, the warm ones later on.
    let clock = END;
    const emulator = new JiraEmulator(site, { latencyMs, clock: () => clock, cacheSearches: true });
    const server = await startEmulatorServer(emulator, 0);
    const admin = site.users[0];
    if (admin === undefined) throw new Error('The resampled site has no user.');
    for (const [pass, weeks] of list(values.weeks).entries()) {
      // Each window's runs start a day after the previous window's, so that one's edits are in the
      // past of the next, as on a real site.
      const base = END + pass * 24 * HOUR;
      const kvsFile = path.join(dir, `kvs-${weeks}.json`);
      const spec = (mode: 'app' | 'naive', at: number, reuseRuntime = false): RunSpec => ({
        url: server.url,
        email: ADMIN.email,
        token: ADMIN.token,
        accountId: admin.accountId,
        projectKey: PROJECT.key,
        weeks,
        mode,
        streamKeys: [],
        kvsFile,
        kvsLatencyMs,
        now: at,
        reuseRuntime,
        bundled: false,
      });
      const measure = (mode: Mode, result: RunResult, read: number): Run =>
        recorded(
          emulator,
          latencyMs,
          { subject: 'space', items, weeks, mode, bound: lowerBound(read) },
          result,
        );
      clock = base;
      const read = await windowCount(emulator, weeks, base);
      emulator.clearLog();
      runs.push(measure('cold', await runChild(spec('app', clock)), read));
      clock = base + HOUR;
      const warm = measure('warm', await runChild(spec('app', clock)), read);
      // The same warm load again, in a runtime that has just served one; its calls are not counted.
      const reused = await runChild(spec('app', clock, true));
      emulator.clearLog();
      // And from Forge's bundle, in a fresh process: what a Forge cold start would see.
      // On a copy of the storage, so that the runs after it start from what the warm load left.
      const bundleKvs = `${kvsFile}.bundle`;
      copyFileSync(kvsFile, bundleKvs);
      const fromBundle = await runChild({ ...spec('app', clock), bundled: true, kvsFile: bundleKvs });
      const bundled = { wallMs: fromBundle.wallMs, calls: emulator.log.length };
      emulator.clearLog();
      // The same load: the same answer at the same cost in Jira calls, or the comparison means nothing.
      if (
        fromBundle.outcome !== warm.outcome ||
        fromBundle.issuesRead !== warm.issuesRead ||
        bundled.calls !== warm.calls
      )
        throw new Error(
          `The bundle's warm load answered ${fromBundle.outcome}, ${fromBundle.issuesRead} read, in ${bundled.calls} calls`,
        );
      runs.push({ ...warm, reusedRuntimeWallMs: reused.wallMs, bundled });
      changeSome(emulator, 0.01, items + weeks, base + 1.5 * HOUR);
      clock = base + 2 * HOUR;
      runs.push(measure('warm-changed', await runChild(spec('app', clock)), read));
      if (values.naive) runs.push(measure('naive', await runChild(spec('naive', clock)), read));
    }
    await server.close();
  }
  for (const [spaces, items] of streamCases(values.streams))
    runs.push(...(await streamRuns({ spaces, items, weeks: 12, work, latencyMs, kvsLatencyMs })));
  process.stdout.write(
    `\nLoading the app's module in a fresh process (median of ${MODULE_LOADS}): compiled sources ${(moduleLoad.sourcesMs / 1000).toFixed(2)} s, Forge's bundle ${(moduleLoad.bundleMs / 1000).toFixed(2)} s\n${table(runs, latencyMs)}\n\nFinished in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`,
  );
  if (values.json !== undefined) {
    writeFileSync(
      values.json,
      `${JSON.stringify({ latencyMs, kvsLatencyMs, moduleLoad, endsAt: new Date(END).toISOString(), spanDays: SPAN_DAYS, runs }, null, 1)}\n`,
    );
  }
}

/** One load's run: what the child answered and what the emulator logged, which is then cleared. */
function recorded(
  emulator: JiraEmulator,
  latencyMs: number,
  load: { subject: string; items: number; weeks: number; mode: Mode; bound: number },
  result: RunResult,
): Run {
  const log = emulator.log;
  const run: Run = {
    subject: load.subject,
    items: load.items,
    weeks: load.weeks,
    mode: load.mode,
    path: result.path,
    outcome: result.outcome,
    issuesRead: result.issuesRead,
    calls: log.length,
    lowerBoundCalls: load.bound,
    callsByEndpoint: emulator.counts(),
    issuesTransferred: log.reduce((n, e) => n + (e.issues ?? 0), 0),
    wallMs: result.wallMs,
    cpuMs: result.cpuMs,
    peakRssMb: result.peakRssMb,
    progress: result.progress,
    storage: result.storage,
  };
  emulator.clearLog();
  process.stdout.write(`${table([run], latencyMs).split('\n').at(-1) ?? ''}\n`);
  return run;
}

/** `--streams 10x1000,10x5000`: spaces × flow items of each. */
function streamCases(text: string): [number, number][] {
  return text
    .split(',')
    .map((c) => c.trim().split('x').map(Number))
    .filter((c): c is [number, number] => c.length === 2 && c.every((n) => Number.isInteger(n) && n > 0));
}

/**
 * A value stream of resampled spaces (docs/value-streams.md#reading-a-stream): made once, then
 * loaded cold, warm and warm with 1 % changed, as the stream page loads it. Cold, the bound is every
 * space's project-page bound and the list of spaces; warm, it is each space's id pages
 * (⌈ids/5 000⌉) and its search for changes, and the list.
 */
async function streamRuns(c: {
  spaces: number;
  items: number;
  weeks: number;
  work: string;
  latencyMs: number;
  kvsLatencyMs: number;
}): Promise<Run[]> {
  const dir = path.join(c.work, `stream-${c.spaces}x${c.items}`);
  const projects = streamSpaces(c.spaces);
  await makeDataset(c.items, dir, projects);
  const { site } = await loadSite(dir);
  let clock = END;
  const emulator = new JiraEmulator(site, {
    latencyMs: c.latencyMs,
    clock: () => clock,
    cacheSearches: true,
  });
  const server = await startEmulatorServer(emulator, 0);
  const admin = site.users[0];
  if (admin === undefined) throw new Error('The resampled site has no user.');
  const kvsFile = path.join(dir, 'kvs-stream.json');
  const spec = (mode: 'stream' | 'create-stream' | 'stream-register', at: number): RunSpec => ({
    url: server.url,
    email: ADMIN.email,
    token: ADMIN.token,
    accountId: admin.accountId,
    projectKey: PROJECT.key,
    weeks: c.weeks,
    mode,
    streamKeys: projects.map((p) => p.key),
    kvsFile,
    kvsLatencyMs: c.kvsLatencyMs,
    now: at,
    reuseRuntime: false,
    bundled: false,
  });
  const made = await runChild(spec('create-stream', clock));
  if (made.outcome !== 'ready') throw new Error(`The bench stream was not made: ${made.outcome}`);
  // The register's own installation, with the stream and nothing cached: its cold load.
  const registerKvs = path.join(dir, 'kvs-register.json');
  await runChild({ ...spec('create-stream', clock), kvsFile: registerKvs });
  const reads: number[] = [];
  for (const p of projects) reads.push(await windowCount(emulator, c.weeks, clock, p));
  emulator.clearLog();
  const read = reads.reduce((n, r) => n + r, 0);
  const coldBound = reads.reduce((n, r) => n + lowerBound(r), 0) + 1;
  const warmBound = reads.reduce((n, r) => n + Math.max(1, Math.ceil(r / 5000)) + 1, 0) + 1;
  const runs: Run[] = [];
  const measure = (mode: Mode, result: RunResult, bound: number): void => {
    const subject = `stream ${c.spaces}`;
    runs.push(
      recorded(
        emulator,
        c.latencyMs,
        { subject, items: c.items * c.spaces, weeks: c.weeks, mode, bound },
        result,
      ),
    );
  };
  if (read === 0) throw new Error('The bench stream has no work item in its window.');
  const register = (mode: Mode, result: RunResult, bound: number): void => {
    const subject = `register ${c.spaces}`;
    runs.push(
      recorded(emulator, c.latencyMs, { subject, items: c.items * c.spaces, weeks: 12, mode, bound }, result),
    );
  };
  emulator.clearLog();
  // The register's twelve weeks of each space, and its one search for the agreements' epics.
  register(
    'cold',
    await runChild({ ...spec('stream-register', clock), kvsFile: registerKvs }),
    coldBound + 1,
  );
  measure('cold', await runChild(spec('stream', clock)), coldBound);
  clock = END + HOUR;
  measure('warm', await runChild(spec('stream', clock)), warmBound);
  changeSome(emulator, 0.01, c.spaces * c.items, END + 1.5 * HOUR);
  clock = END + 2 * HOUR;
  measure('warm-changed', await runChild(spec('stream', clock)), warmBound);
  // After the stream's loads: the register finds its spaces' weeks cached, as after the page.
  register('warm', await runChild(spec('stream-register', clock)), warmBound + 1);
  await server.close();
  return runs;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
