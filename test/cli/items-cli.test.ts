import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { JiraEmulator } from '../../src/local/emulator/emulator';
import { startEmulatorServer } from '../../src/local/emulator/http-server';
import { loadSite } from '../../src/local/emulator/load-site';
import { runCli } from '../support/cli';
import { AGPUSH_FILE, FIXTURES } from '../support/emulated-site';

/** `flow-ledger items`: one row per flow item, the numbers behind every figure of the report. */

const rowSchema = z.strictObject({
  key: z.string(),
  summary: z.string(),
  type: z.enum(['feature', 'defect', 'risk', 'debt']),
  typeReason: z.string(),
  created: z.string().regex(/Z$/),
  workStart: z.string().regex(/Z$/).nullable(),
  completion: z.string().regex(/Z$/).nullable(),
  state: z.enum(['new', 'waiting', 'active', 'done']),
  canceled: z.boolean(),
  period: z.string().nullable(),
  flowTimeDays: z.number().nullable(),
  leadTimeDays: z.number().nullable(),
  activeDays: z.number().nullable(),
  waitingDays: z.number().nullable(),
});
const rows = z.array(rowSchema);
const run = (...argv: string[]): ReturnType<typeof runCli> => runCli(argv, { cwd: FIXTURES });
const JULY = ['--from', '2013-07-01', '--to', '2013-07-31'];

test('a reopened story, checked by hand: its dates, its times and the rule that typed it', async () => {
  const r = await run('items', '--dataset', AGPUSH_FILE, '--format', 'json');
  expect(r.code).toBe(0);
  const story = rows.parse(JSON.parse(r.out)).find((row) => row.key === 'AGPUSH-179');
  // Reopened on 2013-07-25 and closed again the same day: flow time counts from the first start.
  expect(story).toMatchObject({
    type: 'feature',
    typeReason: 'no rule matched (default)',
    workStart: '2013-07-25T09:16:17.000Z',
    completion: '2013-07-25T13:12:03.000Z',
    state: 'done',
    canceled: false,
  });
  expect(story?.flowTimeDays).toBeCloseTo(14_146 / 86_400, 9);
  expect((story?.activeDays ?? 0) + (story?.waitingDays ?? 0)).toBeCloseTo(story?.flowTimeDays ?? -1, 9);
});

test('with a window: the items the report counts, and the report can be rebuilt from them', async () => {
  const listed = rows.parse(
    JSON.parse((await run('items', '--dataset', AGPUSH_FILE, ...JULY, '--format', 'json')).out),
  );
  const report = z
    .object({
      velocity: z.object({ total: z.number() }),
      canceled: z.number(),
      flowTime: z.object({ count: z.number(), mean: z.number() }),
      leadTime: z.object({ count: z.number(), mean: z.number() }),
      load: z.object({ atAsOf: z.number() }),
    })
    .parse(JSON.parse((await run('report', '--dataset', AGPUSH_FILE, ...JULY, '--format', 'json')).out));
  const july = (iso: string | null): boolean => iso !== null && iso >= '2013-07-01' && iso < '2013-08-01';
  const completed = listed.filter((row) => july(row.completion) && !row.canceled);
  expect(completed).toHaveLength(report.velocity.total);
  expect(listed.filter((row) => july(row.completion) && row.canceled)).toHaveLength(report.canceled);
  const flow = completed.flatMap((row) => (row.flowTimeDays === null ? [] : [row.flowTimeDays]));
  expect(flow).toHaveLength(report.flowTime.count);
  expect(flow.reduce((a, b) => a + b, 0) / flow.length).toBeCloseTo(report.flowTime.mean, 9);
  const lead = completed.flatMap((row) => (row.leadTimeDays === null ? [] : [row.leadTimeDays]));
  expect(lead.reduce((a, b) => a + b, 0) / lead.length).toBeCloseTo(report.leadTime.mean, 9);
  expect(listed.filter((row) => row.state !== 'done')).toHaveLength(report.load.atAsOf);
  // Back in To Do after work started reads waiting, as the report counts it.
  expect(listed.find((row) => row.key === 'AGPUSH-6')).toMatchObject({ state: 'waiting', completion: null });
});

test('CSV: the same columns and rows, quoted where a cell must be', async () => {
  const r = await run('items', '--dataset', AGPUSH_FILE, ...JULY);
  const [header, ...lines] = r.out.trim().split('\n');
  expect(header).toBe(
    'key,summary,type,typeReason,created,workStart,completion,state,canceled,period,flowTimeDays,leadTimeDays,activeDays,waitingDays',
  );
  expect(lines.find((l) => l.startsWith('AGPUSH-17,'))).toMatch(
    /^AGPUSH-17,Getting an out of memory exception.*,defect,"work type ""Bug""",/,
  );
  expect(lines).toHaveLength(
    rows.parse(JSON.parse((await run('items', '--dataset', AGPUSH_FILE, ...JULY, '--format', 'json')).out))
      .length,
  );
});

test('a summary that a spreadsheet would run as a formula is written as text', async () => {
  const records = z
    .array(z.looseObject({ key: z.string(), fields: z.looseObject({}) }))
    .parse(JSON.parse(readFileSync(AGPUSH_FILE, 'utf8')));
  const hostile = records.map((r) =>
    r.key === 'AGPUSH-17'
      ? { ...r, fields: { ...r.fields, summary: '=HYPERLINK("http://evil.example","x")' } }
      : r,
  );
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-')), 'x.json');
  writeFileSync(file, JSON.stringify(hostile));
  const line = (await run('items', '--dataset', file, ...JULY)).out
    .split('\n')
    .find((l) => l.startsWith('AGPUSH-17,'));
  expect(line).toMatch(/^AGPUSH-17,"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",defect,/);
});

test('--site gives the same rows as the dataset', async () => {
  const folder = path.join(FIXTURES, 'zuhlke-zmetric');
  const server = await startEmulatorServer(new JiraEmulator((await loadSite(folder)).site), 0);
  try {
    const window = ['--project', 'ZMETRIC', '--from', '2019-01-01', '--to', '2019-03-31', '--format', 'json'];
    const fromFile = await run('items', '--dataset', folder, ...window);
    const fromSite = await runCli(['items', '--site', server.url, ...window], {
      cwd: FIXTURES,
      env: { JIRA_EMAIL: 'admin@example.com', JIRA_API_TOKEN: 'flow-ledger' },
    });
    expect([fromFile.code, fromSite.code, fromSite.err]).toEqual([0, 0, '']);
    expect(rows.parse(JSON.parse(fromSite.out))).toEqual(rows.parse(JSON.parse(fromFile.out)));
    expect(rows.parse(JSON.parse(fromFile.out)).length).toBeGreaterThan(10);
  } finally {
    await server.close();
  }
});

test('a wrong format is refused on the command line', async () => {
  const r = await run('items', '--format', 'xml');
  expect([r.code, r.err]).toEqual([2, 'flow-ledger: error: --format must be csv or json, not "xml"\n']);
});
