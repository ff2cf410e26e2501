import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/local/cli/main';
import type { CliIo } from '../../src/local/cli/io';

const ROOT = path.join(__dirname, '..', '..');
const AGPUSH = path.join(ROOT, 'test', 'fixtures', 'jboss-aerogear', 'agpush200.raw.json');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: ROOT, env: {} };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('flow-ledger report', () => {
  test('--help explains every option', async () => {
    const r = await run('report', '--help');
    expect(r.code).toBe(0);
    for (const option of [
      '--dataset',
      '--project',
      '--from',
      '--to',
      '--as-of',
      '--settings',
      '--format',
      '--trend',
      '--strict',
    ]) {
      expect(r.out).toContain(option);
    }
  });

  test('with no arguments: the bundled demo, as a table', async () => {
    const r = await run('report');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^Flow Ledger: AGPUSH, 2013-05-09 to 2013-07-31 \(UTC\)/);
    expect(r.out).toContain('Velocity (completed)');
    expect(r.out).toContain('Data quality');
  });

  test('--format json prints the contract of docs/running-off-jira.md with every field', async () => {
    const r = await run(
      'report',
      '--dataset',
      AGPUSH,
      '--project',
      'AGPUSH',
      '--from',
      '2013-03-01',
      '--to',
      '2013-09-30',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const report: unknown = JSON.parse(r.out);
    expect(report).toMatchObject({
      project: 'AGPUSH',
      window: { from: '2013-03-01', to: '2013-09-30', asOf: '2013-10-01T00:00:00.000Z' },
      velocity: {
        total: expect.any(Number),
        byType: { feature: expect.any(Number), defect: expect.any(Number), risk: 0, debt: 0 },
      },
      distribution: { completed: expect.any(Object), inProgress: expect.any(Object) },
      flowTime: {
        count: expect.any(Number),
        mean: expect.any(Number),
        p50: expect.any(Number),
        p85: expect.any(Number),
        p95: expect.any(Number),
        byType: expect.any(Object),
      },
      leadTime: { count: expect.any(Number), byType: expect.any(Object) },
      flowEfficiency: { overall: expect.any(Number), byType: expect.any(Object) },
      load: { atAsOf: expect.any(Number), byType: expect.any(Object), dailyAverage: expect.any(Number) },
      canceled: expect.any(Number),
      trend: expect.any(Array),
      targets: [{ type: 'debt', min: 0.1, max: 0.2, actual: 0, status: 'below' }],
      dataQuality: expect.any(Array),
    });
  });

  test('--format csv is one figure a row, and agrees with the JSON', async () => {
    const args = ['report', '--dataset', AGPUSH, '--from', '2013-03-01', '--to', '2013-09-30'];
    const json = JSON.parse((await run(...args, '--format', 'json')).out) as {
      velocity: { total: number };
      flowTime: { p85: number };
    };
    const csv = (await run(...args, '--format', 'csv')).out.trim().split('\n');
    expect(csv[0]).toBe('section,metric,type,period,value');
    expect(csv).toContain(`velocity,completed,,,${json.velocity.total}`);
    expect(csv).toContain(`flowTime,p85,,,${json.flowTime.p85}`);
    expect(csv.every((line) => line.split(',').length === 5)).toBe(true);
  });

  test('settings and --trend month change the report', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-'));
    const settingsFile = path.join(dir, 'settings.json');
    // Make every Task debt: AGPUSH has 28 tasks.
    writeFileSync(
      settingsFile,
      JSON.stringify({
        typeRules: [{ type: 'debt', issueTypes: ['Task'] }],
        targets: { debt: { min: 0.05, max: 0.5 } },
      }),
    );
    const r = await run(
      'report',
      '--dataset',
      AGPUSH,
      '--from',
      '2013-03-01',
      '--to',
      '2013-09-30',
      '--settings',
      settingsFile,
      '--trend',
      'month',
      '--format',
      'json',
    );
    const report = JSON.parse(r.out) as {
      velocity: { byType: { debt: number; defect: number } };
      trend: { period: string }[];
      targets: { status: string }[];
    };
    expect(report.velocity.byType.debt).toBeGreaterThan(0);
    expect(report.velocity.byType.defect).toBe(0); // the rules were replaced: Bug is no longer a rule
    expect(report.trend.map((e) => e.period)).toEqual([
      '2013-03-01',
      '2013-04-01',
      '2013-05-01',
      '2013-06-01',
      '2013-07-01',
      '2013-08-01',
      '2013-09-01',
    ]);
    expect(report.targets[0]?.status).toBe('within');
  });

  test.each<[string, string[], number, RegExp]>([
    [
      'unknown project',
      ['--dataset', AGPUSH, '--project', 'NOPE'],
      1,
      /^flow-ledger: error: project NOPE has no issues in .* \(projects there: AGPUSH\)\n$/,
    ],
    [
      'bad date',
      ['--dataset', AGPUSH, '--from', '2013-02-30'],
      2,
      /^flow-ledger: error: --from must be a date as YYYY-MM-DD, not "2013-02-30"\n$/,
    ],
    [
      'window reversed',
      ['--dataset', AGPUSH, '--from', '2013-09-01', '--to', '2013-08-01'],
      2,
      /^flow-ledger: error: "to" \(2013-08-01\) is before "from" \(2013-09-01\)\n$/,
    ],
    [
      'unreadable file',
      ['--dataset', '/nonexistent.json'],
      1,
      /^flow-ledger: error: \/nonexistent\.json: no such file or folder\n$/,
    ],
    [
      'bad format',
      ['--format', 'xml'],
      2,
      /^flow-ledger: error: --format must be table, json or csv, not "xml"\n$/,
    ],
    ['unknown option', ['--frm', '2013-01-01'], 2, /^flow-ledger: error: Unknown option '--frm'/],
    ['bad as-of', ['--as-of', 'tomorrow'], 2, /^flow-ledger: error: --as-of must be an ISO date-time/],
    [
      'missing settings',
      ['--settings', '/nonexistent/settings.json'],
      1,
      /^flow-ledger: error: cannot read the settings file/,
    ],
  ])('%s: exits non-zero with one clear line', async (_name, args, code, message) => {
    const r = await run('report', ...args);
    expect(r.code).toBe(code);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  test('invalid settings name the field', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-'));
    const file = path.join(dir, 's.json');
    writeFileSync(file, JSON.stringify({ targets: { debt: { min: 0.5, max: 0.2 } } }));
    expect((await run('report', '--settings', file)).err).toMatch(
      /settings file .* is not valid: Debts target \(targets\.debt\): the least \(min\) is above the most \(max\)/,
    );
    writeFileSync(file, JSON.stringify({ timeZone: 'Mars/Olympus' }));
    expect((await run('report', '--settings', file)).err).toMatch(/Time zone \(timeZone\): not a time zone/);
    writeFileSync(file, JSON.stringify({ tragets: {} }));
    expect((await run('report', '--settings', file)).err).toMatch(
      /is not valid: settings: Unrecognized key: "tragets"/,
    );
  });

  test('a dataset with a bad record: a warning and INVALID_RECORD; --strict refuses it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-'));
    const file = path.join(dir, 'x.jsonl');
    const records = JSON.parse(readFileSync(AGPUSH, 'utf8')) as unknown[];
    writeFileSync(
      file,
      ['{"key": "AGPUSH-999", "fields": {}}', ...records.map((r) => JSON.stringify(r))].join('\n'),
    );
    const lenient = await run(
      'report',
      '--dataset',
      file,
      '--format',
      'json',
      '--from',
      '2013-03-01',
      '--to',
      '2013-09-30',
    );
    expect(lenient.code).toBe(0);
    expect(lenient.err).toMatch(
      /^flow-ledger: warning: 1 record could not be read and was left out \(INVALID_RECORD\)/,
    );
    const report = JSON.parse(lenient.out) as { dataQuality: { code: string; issues: string[] }[] };
    expect(report.dataQuality.find((d) => d.code === 'INVALID_RECORD')?.issues).toEqual(['AGPUSH-999']);
    const strict = await run('report', '--dataset', file, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(
      /^flow-ledger: error: 1 record could not be read; the first: .*x\.jsonl: record line 1 \(AGPUSH-999\): id: /,
    );
  });

  test('a multi-project dataset needs --project', async () => {
    const r = await run('report', '--dataset', path.join(ROOT, 'test', 'fixtures', 'jboss-aerogear'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds 2 projects \(AEROGEAR, AGPUSH\); choose one with --project/);
  });
});

describe('real data nobody here wrote: what the report says about it', () => {
  const FIX = path.join(ROOT, 'test', 'fixtures');

  test('project keys are matched in any case, as on the page', async () => {
    const lower = await run(
      'report',
      '--dataset',
      path.join(FIX, 'jboss-aerogear'),
      '--project',
      'aerogear',
      '--format',
      'json',
    );
    expect(lower.code).toBe(0);
    expect(JSON.parse(lower.out)).toMatchObject({ project: 'AEROGEAR' });
  });

  test('every record refused: the error says why, with the first problem and the count', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-'));
    const file = path.join(dir, 'x.json');
    writeFileSync(
      file,
      JSON.stringify([
        { key: 'X-1', fields: {} },
        { key: 'X-2', fields: {} },
      ]),
    );
    const r = await run('report', '--dataset', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^flow-ledger: error: none of the records of .*x\.json could be read \(2 refused\); the first: .*x\.json: record #0 \(X-1\): id: /,
    );
  });

  test("files that hold no issues are named once, with what they are (jirametrics' sample folder)", async () => {
    const r = await run(
      'report',
      '--dataset',
      path.join(FIX, 'jirametrics-sample', 'complete_sample'),
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'flow-ledger: note: left aside 2 files that hold no issues: sample_board_1_configuration.json (a board configuration), sample_meta.json (not Jira issue data)\n',
    );
  });

  test('a window with no data says where the data lies', async () => {
    const r = await run('report', '--dataset', AGPUSH, '--from', '2030-01-01', '--to', '2030-01-31');
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'flow-ledger: note: nothing in AGPUSH bears on 2030-01-01 to 2030-01-31; its issues run from 2013-03-19 to 2016-07-25\n',
    );
  });

  test('terminal control characters in the data are not printed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-'));
    const file = path.join(dir, 'x.json');
    const records = JSON.parse(readFileSync(AGPUSH, 'utf8')) as { key: string }[];
    const hostile = records.map((r) =>
      r.key === 'AGPUSH-129' ? { ...r, key: 'AGPUSH-129\u001b[2J\u001b]0;pwned\u0007\u202e' } : r,
    );
    writeFileSync(file, JSON.stringify(hostile));
    const r = await run('report', '--dataset', file, '--from', '2013-07-01', '--to', '2013-07-31');
    expect(r.code).toBe(0);
    expect(r.out).toContain('AGPUSH-129[2J]0;pwned');
    // eslint-disable-next-line no-control-regex -- the point of the test
    expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });
});

describe('the installed command', () => {
  test('npx flow-ledger report --help runs the built CLI', () => {
    const r = spawnSync('node', [path.join(ROOT, 'bin', 'flow-ledger.js'), 'report', '--help'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: flow-ledger report [options]');
  });

  test('an unknown command exits 2', () => {
    const r = spawnSync('node', [path.join(ROOT, 'bin', 'flow-ledger.js'), 'nope'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('flow-ledger: error: unknown command "nope" (try: flow-ledger --help)\n');
  });
});
