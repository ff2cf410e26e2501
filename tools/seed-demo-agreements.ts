/**
 * Records the demo's illustrative technical-debt agreements on real AGPUSH epics and one ALOY
 * epic, through the app's own resolvers over the emulator, as each space's person would have at
 * the dates given, then runs the daily refresh as the app on the snapshot day, and writes what
 * Jira would then hold (the property and the label of each epic) into demo/agpush.jsonl.gz and
 * demo/aloy.jsonl.gz.
 *
 * The agreements are invented; the epics, their work and its history are the real project's
 * (demo/README.md). Run after tools/make-demo.py, which rebuilds the issues without them:
 *
 *   npm run demo:agreements
 */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { AgreementTerms } from '../src/domain/agreement';
import { AGREEMENT_LABEL, AGREEMENT_PROPERTY_KEY } from '../src/jira/agreement-index';
import { JiraEmulator } from '../src/local/emulator/emulator';
import { loadSite } from '../src/local/emulator/load-site';
import { FLOW_LEDGER_APP } from '../src/local/forge/flow-ledger-app';
import { KvsStore } from '../src/local/forge/kvs-store';
import { LocalForge } from '../src/local/forge/local-forge';

const ROOT = path.join(__dirname, '..', '..');
const DEMO_FILES = ['agpush.jsonl.gz', 'aloy.jsonl.gz'].map((f) => path.join(ROOT, 'demo', f));
const LEAD = '557058:demo-0000-4000-8000-000000000002';
const ALLOY_DEVELOPER = '557058:demo-0000-4000-8000-000000000003';
/** The preview's clock starts here (tools/make-demo.py): the refresh runs as it would that night. */
const SNAPSHOT = '2013-08-01T00:00:00Z';

type Step =
  | { readonly at: string; readonly call: 'saveAgreement'; readonly terms: AgreementTerms }
  | {
      readonly at: string;
      readonly call: 'reviewAgreement' | 'repayAgreement' | 'cancelAgreement';
      readonly note: string | null;
    };

const NO_SCORES = { impact: null, effort: null, risk: null, timeToValue: null };

const SEEDS: readonly { readonly epic: string; readonly as?: string; readonly steps: readonly Step[] }[] = [
  {
    epic: 'AGPUSH-57',
    steps: [
      {
        at: '2013-06-03T09:00:00Z',
        call: 'saveAgreement',
        terms: {
          reason: 'deadline',
          reasonDetail: null,
          impact:
            'The RESTful endpoints expose the PUT for mobile variant instances that the admin UI does not need, and every client has to handle it.',
          impactAreas: ['complexity', 'security'],
          interest: 'medium',
          visibility: 'frequent',
          outcome: 'The first UnifiedPush release reaches its early users in June.',
          repayment: 'lump-sum',
          dueDate: '2013-07-31',
          trigger: null,
          reviewCadenceDays: 30,
          owner: LEAD,
          scores: { impact: 3, effort: 1, risk: 3, timeToValue: 2 },
        },
      },
      { at: '2013-06-05T10:00:00Z', call: 'repayAgreement', note: 'AGPUSH-89 removed the endpoint.' },
    ],
  },
  {
    epic: 'AGPUSH-102',
    steps: [
      {
        at: '2013-06-18T12:00:00Z',
        call: 'saveAgreement',
        terms: {
          reason: 'evolving-requirements',
          reasonDetail: null,
          impact:
            'The push projects shipped with package names and Maven groupIds that do not follow the AeroGear conventions; every rename later breaks users.',
          impactAreas: ['onboarding', 'delivery-speed'],
          interest: 'high',
          visibility: 'core',
          outcome: 'Users can depend on the push artifacts under stable, conventional coordinates.',
          repayment: 'lump-sum',
          dueDate: '2013-07-31',
          trigger: 'Before the first release to Maven Central',
          reviewCadenceDays: 14,
          owner: LEAD,
          scores: { impact: 4, effort: 2, risk: 4, timeToValue: 4 },
        },
      },
      { at: '2013-07-02T09:00:00Z', call: 'reviewAgreement', note: 'Three of four packages fixed.' },
      { at: '2013-07-23T07:00:00Z', call: 'repayAgreement', note: null },
    ],
  },
  {
    epic: 'AGPUSH-66',
    steps: [
      {
        at: '2013-06-10T08:30:00Z',
        call: 'saveAgreement',
        terms: {
          reason: 'build-to-learn',
          reasonDetail: null,
          impact:
            'The admin UI was built on the first mock-up to learn what users need; the final UI proposal is not integrated with the server, so each screen is built twice.',
          impactAreas: ['delivery-speed', 'complexity'],
          interest: 'high',
          visibility: 'frequent',
          outcome: 'Administrators manage push applications and variants without the REST API.',
          repayment: 'minimum-payments',
          dueDate: '2013-07-26',
          trigger: null,
          reviewCadenceDays: 21,
          owner: LEAD,
          scores: { impact: 4, effort: 3, risk: 3, timeToValue: 4 },
        },
      },
      {
        at: '2013-07-01T09:00:00Z',
        call: 'reviewAgreement',
        note: 'Still needed; the proposal arrives this month.',
      },
    ],
  },
  {
    epic: 'AGPUSH-70',
    steps: [
      {
        at: '2013-06-20T14:00:00Z',
        call: 'saveAgreement',
        terms: {
          reason: 'skills-growth',
          reasonDetail: null,
          impact:
            'Each client SDK carries its own copy of the registration logic, written while the team learned each platform; a change to registration is made four times.',
          impactAreas: ['complexity', 'reliability'],
          interest: 'medium',
          visibility: 'frequent',
          outcome: 'One registration contract for every client SDK.',
          repayment: 'minimum-payments',
          dueDate: '2013-10-31',
          trigger: null,
          reviewCadenceDays: 30,
          owner: LEAD,
          scores: NO_SCORES,
        },
      },
      { at: '2013-07-20T09:00:00Z', call: 'reviewAgreement', note: null },
    ],
  },
  {
    epic: 'AGPUSH-61',
    steps: [
      {
        at: '2013-05-30T11:00:00Z',
        call: 'saveAgreement',
        terms: {
          reason: 'missing-standards',
          reasonDetail: null,
          impact:
            'The tutorials were written per platform without a shared template, so a server change has to be found and fixed in each of them.',
          impactAreas: ['onboarding'],
          interest: 'low',
          visibility: 'rare',
          outcome: 'New users get working push on their platform from the guides alone.',
          repayment: 'minimum-payments',
          dueDate: '2013-12-20',
          trigger: null,
          reviewCadenceDays: 30,
          owner: LEAD,
          scores: NO_SCORES,
        },
      },
    ],
  },
  {
    epic: 'AGPUSH-60',
    steps: [
      {
        at: '2013-07-18T10:00:00Z',
        call: 'saveAgreement',
        terms: {
          reason: 'insufficient-testing',
          reasonDetail: null,
          impact:
            'The push network integrations are tested against the sandboxes only; the production flag of AGPUSH-88 has never met the production APNs.',
          impactAreas: ['reliability'],
          interest: 'medium',
          visibility: 'core',
          outcome: 'Production pushes to iOS devices are delivered.',
          repayment: 'lump-sum',
          dueDate: '2013-08-09',
          trigger: 'Before the first production APNs certificate is uploaded',
          reviewCadenceDays: 14,
          owner: LEAD,
          scores: NO_SCORES,
        },
      },
    ],
  },
  {
    epic: 'AGPUSH-116',
    steps: [
      {
        at: '2013-06-21T09:00:00Z',
        call: 'saveAgreement',
        terms: {
          reason: 'other',
          reasonDetail: 'Analytics was cut from the first release.',
          impact: 'Push deliveries are logged but not stored, so nobody can tell which messages arrived.',
          impactAreas: ['reliability'],
          interest: 'low',
          visibility: 'rare',
          outcome: 'Senders see how many of their messages were delivered.',
          repayment: 'lump-sum',
          dueDate: null,
          trigger: 'When analytics is planned for a release',
          reviewCadenceDays: 60,
          owner: null,
          scores: NO_SCORES,
        },
      },
      {
        at: '2013-07-15T09:00:00Z',
        call: 'cancelAgreement',
        note: 'Analytics becomes a feature of its own; nothing to repay.',
      },
    ],
  },
  {
    // ALOY's dates are moved 64 weeks earlier in the demo (tools/make-demo.py): this agreement is
    // dated in the demo's frame, while the "Alloy" board's sprints 16 to 20 ran.
    epic: 'ALOY-974',
    as: ALLOY_DEVELOPER,
    steps: [
      {
        at: '2013-05-14T16:00:00Z',
        call: 'saveAgreement',
        terms: {
          reason: 'deadline',
          reasonDetail: null,
          impact:
            'The repository layout and the compile process exist only in the heads of two developers: every new contributor asks, and a change to the compiler needs one of them to review it.',
          impactAreas: ['onboarding', 'delivery-speed'],
          interest: 'medium',
          visibility: 'frequent',
          outcome: 'The Backbone upgrade and the release work take the sprints until the next release.',
          repayment: 'minimum-payments',
          dueDate: '2013-08-16',
          trigger: null,
          reviewCadenceDays: 30,
          owner: ALLOY_DEVELOPER,
          scores: { impact: 3, effort: 2, risk: 2, timeToValue: 3 },
        },
      },
      {
        at: '2013-06-18T16:00:00Z',
        call: 'reviewAgreement',
        note: 'Still needed: nothing repaid yet; the compile process is the one new contributors ask about.',
      },
    ],
  },
];

const envelope = z.union([
  z.object({
    ok: z.literal(true),
    data: z.object({ written: z.object({ revision: z.number() }).loose() }).loose(),
  }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
const record = z.looseObject({
  key: z.string(),
  fields: z.looseObject({ labels: z.array(z.string()).optional() }),
  properties: z.record(z.string(), z.unknown()).optional(),
});

function readRecords(file: string): z.infer<typeof record>[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => record.parse(JSON.parse(line)));
}

/** The records as tools/make-demo.py wrote them: no agreement property, no agreement label. */
function withoutAgreements(records: readonly z.infer<typeof record>[]): z.infer<typeof record>[] {
  return records.map((r) => {
    const properties = Object.fromEntries(
      Object.entries(r.properties ?? {}).filter(([key]) => key !== AGREEMENT_PROPERTY_KEY),
    );
    const labels = (r.fields.labels ?? []).filter((l) => l !== AGREEMENT_LABEL);
    const rest = { ...r, fields: { ...r.fields, labels } };
    delete rest.properties;
    return Object.keys(properties).length > 0 ? { ...rest, properties } : rest;
  });
}

async function main(): Promise<void> {
  const bases = DEMO_FILES.map((file) => withoutAgreements(readRecords(file)));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-seed-'));
  for (const [i, file] of DEMO_FILES.entries())
    writeFileSync(
      path.join(dir, path.basename(file)),
      gzipSync((bases[i] ?? []).map((r) => JSON.stringify(r)).join('\n') + '\n'),
    );
  copyFileSync(path.join(ROOT, 'demo', 'users.json'), path.join(dir, 'users.json'));
  const { site } = await loadSite(dir);
  let now = Date.parse(SNAPSHOT);
  const emulator = new JiraEmulator(site, { clock: () => now });
  const forge = new LocalForge(
    { kind: 'emulator', emulator },
    new KvsStore(path.join(dir, 'kvs.json')),
    FLOW_LEDGER_APP.handler,
    () => now,
  );
  for (const seed of SEEDS) {
    let revision = 0;
    for (const [i, step] of seed.steps.entries()) {
      now = Date.parse(step.at);
      const payload = {
        issueKey: seed.epic,
        revision,
        writeId: `demo-${seed.epic}-${i}`,
        ...(step.call === 'saveAgreement' ? { terms: step.terms } : { note: step.note }),
      };
      const answer = envelope.parse(
        await forge.invoke(step.call, payload, {
          accountId: seed.as ?? LEAD,
          moduleKey: 'debt-agreement-panel',
          extension: { type: 'jira:issuePanel', issue: { key: seed.epic } },
        }),
      );
      if (!answer.ok)
        throw new Error(`${seed.epic} ${step.call}: ${answer.error.code} ${answer.error.message}`);
      revision = answer.data.written.revision;
    }
  }
  now = Date.parse(SNAPSHOT);
  const refresh = FLOW_LEDGER_APP.scheduled['refresh-agreements'];
  if (refresh === undefined) throw new Error('The app has no refresh-agreements function.');
  console.log('daily refresh:', JSON.stringify(await forge.runAsApp(refresh)));

  const seeded = new Set(SEEDS.map((s) => s.epic));
  const withAgreements = (r: z.infer<typeof record>): z.infer<typeof record> => {
    if (!seeded.has(r.key)) return r;
    const issue = site.issue(r.key);
    const value = issue?.properties.get(AGREEMENT_PROPERTY_KEY);
    const labels = z.array(z.string()).parse(issue?.fields.labels ?? []);
    if (value === undefined) throw new Error(`${r.key} has no agreement after seeding.`);
    return {
      ...r,
      fields: { ...r.fields, labels },
      properties: { ...r.properties, [AGREEMENT_PROPERTY_KEY]: value },
    };
  };
  for (const [i, file] of DEMO_FILES.entries()) {
    const out = (bases[i] ?? []).map(withAgreements);
    writeFileSync(file, gzipSync(out.map((r) => JSON.stringify(r)).join('\n') + '\n', { level: 9 }));
  }
  console.log(
    `${seeded.size} agreements written into ${DEMO_FILES.map((f) => path.relative(ROOT, f)).join(', ')}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
