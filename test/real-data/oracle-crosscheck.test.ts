import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { computeFlowReport } from '../../src/domain/flow-report';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { whereWorkWaitsIn } from '../../src/domain/time-in-status';
import { loadDataset } from '../../src/local/dataset/load-dataset';

/**
 * Cross-checks the report against tools/oracle.py, a second, deliberately plain implementation of
 * docs/flow-metrics.md written from the design's text (Python, no shared code), on every real dataset in
 * the fixtures: counts must agree exactly and durations within a hundredth of a day.
 */
const ROOT = path.join(__dirname, '..', '..');
const FIX = path.join(ROOT, 'test', 'fixtures');

const CASES: [string, string, string, string][] = [
  ['jboss-aerogear/agpush200.raw.json', 'AGPUSH', '2013-03-01', '2013-09-30'],
  ['jboss-aerogear/agpush200.raw.json', 'AGPUSH', '2013-07-01', '2013-07-31'],
  ['jboss-aerogear/agpush200.raw.json', 'AGPUSH', '2013-01-01', '2016-12-31'],
  ['jboss-aerogear/aerogear200issues.json', 'AEROGEAR', '2011-10-01', '2012-03-31'],
  ['jboss-aerogear/aerogear200issues.json', 'AEROGEAR', '2012-02-06', '2012-02-12'],
  ['jirametrics-sample/cloud-sp', 'SP', '2021-06-01', '2022-04-30'],
  ['appcelerator/raw/DAEMON', 'DAEMON', '2014-01-01', '2016-12-31'],
  ['zuhlke-zmetric', 'ZMETRIC', '2018-10-01', '2019-06-30'],
  ['zuhlke-zmetric', 'ZMETRIC', '2019-03-01', '2019-03-31'],
  ['apache-devlake/EE', 'EE', '2020-06-01', '2022-07-31'],
  ['apache-devlake/EE/issues.json', 'EE', '2020-06-01', '2020-07-31'],
  ['jirametrics-sample/complete_sample', 'SP', '2021-06-01', '2022-04-30'],
];

function compare(ours: unknown, oracle: unknown, at: string, diffs: string[]): void {
  if (oracle !== null && typeof oracle === 'object') {
    for (const [k, v] of Object.entries(oracle)) {
      const mine: unknown =
        ours !== null && typeof ours === 'object'
          ? Object.getOwnPropertyDescriptor(ours, k)?.value
          : undefined;
      compare(mine, v, `${at}.${k}`, diffs);
    }
    return;
  }
  const same =
    (oracle === null && ours === null) ||
    (typeof oracle === 'number' && typeof ours === 'number' && Math.abs(ours - oracle) <= 0.005);
  if (!same) diffs.push(`${at}: ours ${JSON.stringify(ours)}, oracle ${JSON.stringify(oracle)}`);
}

describe('independent computation agrees on real data', () => {
  test.each(CASES)('%s %s %s to %s', async (file, project, from, to) => {
    const dataset = await loadDataset(path.join(FIX, file), { projectKey: project });
    const ours = computeFlowReport({
      project,
      items: dataset.items,
      statuses: dataset.statuses,
      window: { from, to },
      settings: DEFAULT_SETTINGS,
    });
    const oracle: unknown = JSON.parse(
      execFileSync(
        'python3',
        [path.join(ROOT, 'tools', 'oracle.py'), path.join(FIX, file), project, from, to],
        { encoding: 'utf8' },
      ),
    );
    // Where work waits (docs/flow-metrics.md#where-work-waits), as the oracle sums it: each
    // status's days by its name, and the flow time as active, flagged, waiting and done.
    const waits = whereWorkWaitsIn({ from, to }, DEFAULT_SETTINGS, [
      {
        items: dataset.items.filter((i) => i.projectKey === project),
        statuses: dataset.statuses,
        settings: DEFAULT_SETTINGS,
      },
    ]);
    const byStatus: Record<string, number> = {};
    for (const step of waits.steps) {
      const name = step.name.trim().toLowerCase();
      byStatus[name] = (byStatus[name] ?? 0) + step.days;
    }
    const diffs: string[] = [];
    compare({ ...ours, whereWorkWaits: { ...waits, byStatus } }, oracle, 'report', diffs);
    expect(Object.keys(byStatus).sort()).toEqual(
      Object.keys(
        z.object({ whereWorkWaits: z.object({ byStatus: z.record(z.string(), z.number()) }) }).parse(oracle)
          .whereWorkWaits.byStatus,
      ).sort(),
    );
    expect(diffs).toEqual([]);
    expect(ours.velocity.total + ours.canceled + ours.load.atAsOf).toBeGreaterThan(0); // the window is not empty
  });
});
