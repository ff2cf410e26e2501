import path from 'node:path';
import { z } from 'zod';
import { JiraEmulator } from '../../src/local/emulator/emulator';
import { startEmulatorServer } from '../../src/local/emulator/http-server';
import { loadSite } from '../../src/local/emulator/load-site';
import { runCli } from '../support/cli';
import { FIXTURES } from '../support/emulated-site';

/**
 * One reading of an issue, whatever the path: the report of a dataset file and the report of the
 * same data read over HTTP from the emulator (as from a Jira Cloud site, through the app's own
 * adapter) agree in every figure, on real data with the quirks real sites have.
 *
 * Only the findings that describe the source itself may differ: a dataset without changelogs says
 * NO_CHANGELOG where Jira, answering an empty changelog, says NO_STATUS_HISTORY for the same issues;
 * an export without `fields.status` says NO_CURRENT_STATUS, where Jira always gives the status.
 */

interface Case {
  readonly name: string;
  readonly dataset: string;
  readonly project: string;
  readonly from: string;
  readonly to: string;
}

const CASES: readonly Case[] = [
  {
    name: 'AGPUSH (Server, complete changelogs)',
    dataset: 'jboss-aerogear/agpush200.raw.json',
    project: 'AGPUSH',
    from: '2013-01-01',
    to: '2016-12-31',
  },
  {
    name: 'DAEMON (no changelogs at all)',
    dataset: 'appcelerator/raw/DAEMON',
    project: 'DAEMON',
    from: '2014-01-01',
    to: '2021-12-31',
  },
  {
    name: 'ZMETRIC (a Server search without fields.status)',
    dataset: 'zuhlke-zmetric',
    project: 'ZMETRIC',
    from: '2018-10-01',
    to: '2019-06-30',
  },
  {
    name: "DevLake's EE (migrated workflow, Chinese statuses, categories that disagree)",
    dataset: 'apache-devlake/EE',
    project: 'EE',
    from: '2020-06-01',
    to: '2022-07-31',
  },
  {
    name: 'SP (Cloud, newest-first histories, Flagged)',
    dataset: 'jirametrics-sample/cloud-sp',
    project: 'SP',
    from: '2021-06-01',
    to: '2022-04-30',
  },
];

const run = (argv: string[], env: Record<string, string> = {}): ReturnType<typeof runCli> =>
  runCli(argv, { cwd: FIXTURES, env });

const reportShape = z.looseObject({
  velocity: z.object({ total: z.number() }),
  load: z.looseObject({ dailyAverage: z.number() }),
  dataQuality: z.array(z.looseObject({ code: z.string(), issues: z.array(z.string()) })),
});
type Report = z.infer<typeof reportShape>;

const SOURCE_SHAPE = new Set(['NO_CHANGELOG', 'NO_STATUS_HISTORY', 'NO_CURRENT_STATUS']);

function withoutSourceShape(report: Report): Report {
  return { ...report, dataQuality: report.dataQuality.filter((f) => !SOURCE_SHAPE.has(f.code)) };
}

const historyless = (report: Report): Report['dataQuality'] =>
  report.dataQuality.filter((f) => f.code === 'NO_CHANGELOG' || f.code === 'NO_STATUS_HISTORY');

describe('--dataset and --site give the same figures', () => {
  test.each(CASES)('$name', async ({ dataset, project, from, to }) => {
    const folder = path.join(FIXTURES, dataset);
    const { site } = await loadSite(folder);
    const server = await startEmulatorServer(new JiraEmulator(site), 0);
    try {
      const window = ['--project', project, '--from', from, '--to', to, '--format', 'json'];
      const fromFile = await run(['report', '--dataset', folder, ...window]);
      const fromSite = await run(['report', '--site', server.url, ...window], {
        JIRA_EMAIL: 'admin@example.com',
        JIRA_API_TOKEN: 'flow-ledger',
      });
      expect([fromFile.code, fromSite.code, fromSite.err]).toEqual([0, 0, '']);
      const file = reportShape.parse(JSON.parse(fromFile.out));
      const live = reportShape.parse(JSON.parse(fromSite.out));
      expect(withoutSourceShape(live)).toEqual(withoutSourceShape(file));

      // Where the source shape shows, it names the same issues on both paths.
      expect(historyless(live).flatMap((f) => f.issues)).toEqual(historyless(file).flatMap((f) => f.issues));
      expect(historyless(live).map((f) => f.code)).not.toContain('NO_CHANGELOG');
      expect(live.dataQuality.map((f) => f.code)).not.toContain('NO_CURRENT_STATUS');

      // Not an empty window that would agree trivially.
      expect(file.velocity.total + file.load.dailyAverage).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
