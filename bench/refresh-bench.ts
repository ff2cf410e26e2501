/**
 * `npm run bench:refresh`: what the daily refresh of agreements costs on a site of many: 5 000 open
 * agreements over 50 spaces (100 epics each, every one a copy of a real AGPUSH epic), all due
 * before the refresh's day, so that every one must be written; then the same day again, when none
 * is. It runs the scheduled trigger's own function and the refresh queue's consumer as Forge would
 * (src/index.ts), against the emulator and the local store with latency, and reports the wall
 * time, Jira's calls by endpoint and the storage's requests. Asserts nothing: these machines are
 * shared and noisy.
 *
 *   npm run bench:refresh -- [--spaces 50] [--epics 100] [--latency 80] [--kvs-latency 10] [--json <file>]
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import type { AgreementTerms } from '../src/domain/agreement';
import { applyAction } from '../src/domain/agreement-actions';
import { Zone } from '../src/domain/calendar';
import { JiraEmulator, type EmulatorOptions } from '../src/local/emulator/emulator';
import { loadSite } from '../src/local/emulator/load-site';
import { KvsStore } from '../src/local/forge/kvs-store';
import { LocalForge } from '../src/local/forge/local-forge';
import { FLOW_LEDGER_APP } from '../src/local/forge/flow-ledger-app';
import { AGREEMENT_LABEL, AGREEMENT_PROPERTY_KEY } from '../src/jira/agreement-index';

const ROOT = path.join(__dirname, '..', '..');
const CREATED = Date.UTC(2026, 0, 5, 9);
const REFRESHED = Date.UTC(2026, 5, 1, 6);

/** Terms a team would give, due in March: by June every agreement is overdue. */
const TERMS: AgreementTerms = {
  reason: 'deadline',
  reasonDetail: null,
  impact: 'Every release needs a manual step on the push server.',
  impactAreas: ['delivery-speed'],
  interest: 'medium',
  visibility: 'frequent',
  outcome: 'Ship the 1.0 release on time.',
  repayment: 'minimum-payments',
  dueDate: '2026-03-31',
  trigger: null,
  reviewCadenceDays: 30,
  owner: null,
  scores: { impact: null, effort: null, risk: null, timeToValue: null },
};

const record = z.looseObject({ key: z.string(), id: z.string(), fields: z.looseObject({}) });

/** A folder of `spaces` projects of `epics` epics each, copies of a real epic of the demo. */
function makeSite(dir: string, spaces: number, epics: number): void {
  const demo = gunzipSync(readFileSync(path.join(ROOT, 'demo', 'agpush.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => record.parse(JSON.parse(l)));
  const epic = demo.find((r) => r.key === 'AGPUSH-66');
  if (epic === undefined) throw new Error('The demo has no AGPUSH-66.');
  const lines: string[] = [];
  for (let s = 0; s < spaces; s++) {
    const key = `SP${String(s + 1).padStart(2, '0')}`;
    for (let e = 0; e < epics; e++) {
      const copy = {
        ...epic,
        id: String(300_000 + s * 1000 + e),
        key: `${key}-${e + 1}`,
        fields: {
          ...epic.fields,
          project: { id: String(40_000 + s), key, name: `Space ${key}` },
          labels: [],
        },
        properties: {},
      };
      lines.push(JSON.stringify(copy));
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'epics.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(
    path.join(dir, 'users.json'),
    JSON.stringify([
      { accountId: 'acc-admin', emailAddress: 'admin@example.com', displayName: 'Admin', siteAdmin: true },
    ]),
  );
}

/** Every epic given an open agreement due before the refresh's day, as a person would have saved it. */
async function seedAgreements(emulator: JiraEmulator): Promise<number> {
  const made = applyAction(
    null,
    { kind: 'save', terms: TERMS },
    { by: 'acc-admin', now: CREATED, zone: new Zone('UTC'), writeId: 'seed', writeDigest: '', revision: 1 },
  );
  if (!made.ok) throw new Error(made.message);
  const auth = `Basic ${Buffer.from('admin@example.com:flow-ledger').toString('base64')}`;
  for (const issue of emulator.site.issues) {
    await emulator.handle({
      method: 'PUT',
      path: `/rest/api/3/issue/${issue.id}/properties/${AGREEMENT_PROPERTY_KEY}`,
      headers: { authorization: auth },
      body: JSON.stringify({ ...made.agreement, writeId: `seed-${issue.id}` }),
    });
    await emulator.handle({
      method: 'PUT',
      path: `/rest/api/3/issue/${issue.id}`,
      headers: { authorization: auth },
      body: JSON.stringify({ update: { labels: [{ add: AGREEMENT_LABEL }] } }),
    });
  }
  return emulator.site.issues.length;
}

interface Pass {
  readonly pass: string;
  readonly wallMs: number;
  readonly outcomes: readonly unknown[];
  readonly jiraCalls: number;
  readonly jiraByEndpoint: Record<string, number>;
  readonly storageRequests: number;
  readonly storageByPath: Record<string, number>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      spaces: { type: 'string', default: '50' },
      epics: { type: 'string', default: '100' },
      latency: { type: 'string', default: '80' },
      'kvs-latency': { type: 'string', default: '10' },
      json: { type: 'string' },
    },
  });
  const spaces = Number(values.spaces);
  const epics = Number(values.epics);
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-refresh-bench-')), 'site');
  makeSite(dir, spaces, epics);
  const { site } = await loadSite(dir);
  let clock = CREATED;
  // Seeded with no latency; measured with it.
  const options: { -readonly [K in keyof EmulatorOptions]: EmulatorOptions[K] } = {
    clock: () => clock,
    latencyMs: 0,
  };
  const emulator = new JiraEmulator(site, options);
  const agreements = await seedAgreements(emulator);
  options.latencyMs = Number(values.latency);
  emulator.clearLog();
  const store = new KvsStore({ latencyMs: Number(values['kvs-latency']) });
  const forge = new LocalForge(
    { kind: 'emulator', emulator },
    store,
    FLOW_LEDGER_APP.handler,
    () => clock,
    FLOW_LEDGER_APP.consumers,
  );
  const daily = FLOW_LEDGER_APP.scheduled['refresh-agreements'];
  if (daily === undefined) throw new Error('The app has no refresh-agreements function.');
  clock = REFRESHED;
  const passes: Pass[] = [];
  for (const pass of ['every agreement changed', 'the same day again']) {
    store.requests.clear();
    emulator.clearLog();
    const outcomes: unknown[] = [];
    const started = Date.now();
    outcomes.push(await forge.runAsApp(daily));
    // The batches the run handed over, each refreshed by the consumer as Forge delivers them.
    await forge.queue.idle();
    const wallMs = Date.now() - started;
    const storageByPath = Object.fromEntries(store.requests);
    passes.push({
      pass,
      wallMs,
      outcomes,
      jiraCalls: emulator.log.length,
      jiraByEndpoint: emulator.counts(),
      storageRequests: [...store.requests.values()].reduce((a, b) => a + b, 0),
      storageByPath,
    });
    process.stdout.write(
      `${pass}: ${(wallMs / 1000).toFixed(1)} s, ${emulator.log.length} Jira calls, ${[...store.requests.values()].reduce((a, b) => a + b, 0)} storage requests\n`,
    );
  }
  const report = {
    agreements,
    spaces,
    latencyMs: options.latencyMs,
    kvsLatencyMs: Number(values['kvs-latency']),
    queueEventsDelivered: forge.queue.delivered,
    passes,
  };
  process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(report, null, 1)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
