/**
 * `npm run bench:plan`: what planning costs, in Jira calls by endpoint and in Forge storage
 * requests and units, on the demo's "Alloy" board (its planned sprint, an add to it, its closed
 * sprints) and on a sprint of 2 000 work items (the Appcelerator fixture and AGPUSH moved into
 * board 219's running sprint). It runs the resolvers as Forge would, against the emulator and the
 * local store with latency, and reports the wall time too. Asserts nothing: these machines are
 * shared and noisy.
 *
 *   npm run bench:plan -- [--latency 80] [--kvs-latency 10] [--json <file>]
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { JiraEmulator, type EmulatorOptions } from '../src/local/emulator/emulator';
import { loadSite } from '../src/local/emulator/load-site';
import { FLOW_LEDGER_APP } from '../src/local/forge/flow-ledger-app';
import { KvsStore } from '../src/local/forge/kvs-store';
import { LocalForge } from '../src/local/forge/local-forge';

const ROOT = path.join(__dirname, '..', '..');
const ALEX = '557058:demo-0000-4000-8000-000000000003';
const ADMIN = '557058:demo-0000-4000-8000-000000000001';

interface Measured {
  readonly step: string;
  readonly wallMs: number;
  readonly jiraCalls: number;
  readonly jiraByEndpoint: Record<string, number>;
  readonly storageRequests: number;
  readonly storageUnits: { readonly read: number; readonly write: number };
}

async function site(files: readonly string[]): Promise<Awaited<ReturnType<typeof loadSite>>['site']> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-plan-bench-'));
  for (const f of files) copyFileSync(f, path.join(dir, path.basename(f)));
  copyFileSync(path.join(ROOT, 'demo', 'users.json'), path.join(dir, 'users.json'));
  return (await loadSite(dir)).site;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      latency: { type: 'string', default: '80' },
      'kvs-latency': { type: 'string', default: '10' },
      json: { type: 'string' },
    },
  });
  const results: Measured[] = [];
  const run = async (
    emulator: JiraEmulator,
    forge: LocalForge,
    store: KvsStore,
    step: string,
    key: string,
    payload: unknown,
    who: string,
  ): Promise<void> => {
    emulator.clearLog();
    store.requests.clear();
    const units = { ...store.units };
    const started = Date.now();
    const answer = await forge.invoke(key, payload, { accountId: who });
    const wallMs = Date.now() - started;
    if (typeof answer !== 'object' || answer === null || !('ok' in answer) || answer.ok !== true)
      throw new Error(`${step}: ${JSON.stringify(answer).slice(0, 300)}`);
    const m: Measured = {
      step,
      wallMs,
      jiraCalls: emulator.log.length,
      jiraByEndpoint: emulator.counts(),
      storageRequests: [...store.requests.values()].reduce((a, b) => a + b, 0),
      storageUnits: { read: store.units.read - units.read, write: store.units.write - units.write },
    };
    results.push(m);
    process.stdout.write(
      `${step}: ${(wallMs / 1000).toFixed(2)} s, ${m.jiraCalls} Jira calls, ${m.storageRequests} storage requests, ` +
        `${m.storageUnits.read} read and ${m.storageUnits.write} write units\n`,
    );
  };

  const now = Date.parse('2013-08-01T09:00:00Z');
  const options: { -readonly [K in keyof EmulatorOptions]: EmulatorOptions[K] } = {
    clock: () => now,
    latencyMs: Number(values.latency),
  };
  const demo = new JiraEmulator(
    await site(['agpush.jsonl.gz', 'aloy.jsonl.gz'].map((f) => path.join(ROOT, 'demo', f))),
    options,
  );
  const demoStore = new KvsStore({ latencyMs: Number(values['kvs-latency']) });
  const demoForge = new LocalForge(
    { kind: 'emulator', emulator: demo },
    demoStore,
    FLOW_LEDGER_APP.handler,
    () => now,
  );
  await run(
    demo,
    demoForge,
    demoStore,
    'plan of the next sprint, first open',
    'getPlan',
    { boardId: 124 },
    ALEX,
  );
  await run(demo, demoForge, demoStore, 'plan of the next sprint, again', 'getPlan', { boardId: 124 }, ALEX);
  await run(
    demo,
    demoForge,
    demoStore,
    'add a repayment to the sprint',
    'addToSprint',
    { boardId: 124, sprintId: 248, issueKey: 'ALOY-976', fromSprintId: null },
    ALEX,
  );
  await run(demo, demoForge, demoStore, '6 closed sprints', 'getSprintHistory', { boardId: 124 }, ALEX);
  await run(
    demo,
    demoForge,
    demoStore,
    '11 closed sprints',
    'getSprintHistory',
    { boardId: 124, sprints: 12 },
    ALEX,
  );

  // 2 000 work items in one sprint: the fixture's ALOY, DAEMON and TIMOB, and AGPUSH.
  const later = Date.parse('2021-12-01T00:00:00Z');
  // Filled with no latency; measured with it.
  const bigOptions: { -readonly [K in keyof EmulatorOptions]: EmulatorOptions[K] } = {
    clock: () => later,
    latencyMs: 0,
  };
  const big = new JiraEmulator(
    await site([
      path.join(
        ROOT,
        'test',
        'fixtures',
        'appcelerator',
        'compact-sprints',
        'issues-compact-sprints.jsonl.gz',
      ),
      path.join(ROOT, 'test', 'fixtures', 'jboss-aerogear', 'agpush200.raw.json'),
    ]),
    bigOptions,
  );
  const admin = big.userById(ADMIN);
  if (admin === undefined) throw new Error('The demo has no admin.');
  const keys = big.site.issues.map((i) => i.key);
  for (let i = 0; i < 2000 - 14; i += 50) {
    const moved = await big.handle(
      {
        method: 'POST',
        path: '/rest/agile/1.0/sprint/1231/issue',
        body: JSON.stringify({ issues: keys.slice(i, Math.min(i + 50, 2000 - 14)) }),
      },
      { kind: 'user', user: admin },
    );
    if (moved.status !== 204) throw new Error(`move: ${moved.status} ${moved.body}`);
  }
  bigOptions.latencyMs = Number(values.latency);
  const bigStore = new KvsStore({ latencyMs: Number(values['kvs-latency']) });
  const bigForge = new LocalForge(
    { kind: 'emulator', emulator: big },
    bigStore,
    FLOW_LEDGER_APP.handler,
    () => later,
  );
  await run(
    big,
    bigForge,
    bigStore,
    'plan of a 2 000-item sprint',
    'getPlan',
    { boardId: 219, sprintId: 1231 },
    ADMIN,
  );

  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(results, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
