import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Zone } from '../../src/domain/calendar';
import { runCli } from '../support/cli';

/**
 * `flow-ledger items` against a flow vendor's own extractor: ActionableAgile's jira-to-analytics
 * turned this Jira Cloud test project (UT) into the stage-date CSV beside it, and its e2e test
 * asserted that output. Its licence forbids copying it into this project, so the test reads the
 * workplace's copy when it is there (as in CI) and is skipped otherwise.
 *
 * That extractor resets an item that goes back to Backlog, where docs/flow-metrics.md#flow-states-and-the-timeline counts from the first
 * start, so those items are left out of the comparison. Dates are days in the site's own zone
 * (America/New_York: the data's offsets are -0500 and -0400).
 */
const UT = path.join(__dirname, '..', '..', '..', 'shared', 'datasets', 'actionableagile-ut');
const describeIfPresent = existsSync(UT) ? describe : describe.skip;

const STAGES_AFTER_BACKLOG = ['Analysis Active', 'Analysis Done', 'Dev Active', 'Dev Done', 'Test', 'Done'];
const rowSchema = z.object({
  key: z.string(),
  workStart: z.string().nullable(),
  completion: z.string().nullable(),
});
const issuesSchema = z.object({
  issues: z.array(
    z.object({
      key: z.string(),
      changelog: z.object({
        histories: z.array(
          z.object({ items: z.array(z.looseObject({ field: z.string(), toString: z.unknown() })) }),
        ),
      }),
    }),
  ),
});

describeIfPresent("ActionableAgile's UT project: the vendor's own work-start and completion days", () => {
  test('agree for every item that never went back to Backlog', async () => {
    const r = await runCli(
      ['items', '--dataset', path.join(UT, 'jira-issues-request.json'), '--format', 'json'],
      {
        cwd: UT,
      },
    );
    expect(r.code).toBe(0);
    const ours = new Map(
      z
        .array(rowSchema)
        .parse(JSON.parse(r.out))
        .map((row) => [row.key, row]),
    );
    const wentBack = new Set(
      issuesSchema
        .parse(JSON.parse(readFileSync(path.join(UT, 'jira-issues-request.json'), 'utf8')))
        .issues.filter((i) =>
          i.changelog.histories.some((h) =>
            h.items.some((it) => it.field === 'status' && it.toString === 'Backlog'),
          ),
        )
        .map((i) => i.key),
    );
    const zone = new Zone('America/New_York');
    const day = (iso: string | null): string | null =>
      iso === null ? null : new Date(zone.startOfDay(zone.dayOf(Date.parse(iso)))).toISOString().slice(0, 10);
    const lines = readFileSync(path.join(UT, 'sample-jira-issues-csv.csv'), 'utf8').trim().split('\n');
    const header = (lines[0] ?? '').split(',');
    const compared: [string, unknown, unknown][] = [];
    const straightToDone: string[] = [];
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const cell = (name: string): string | null => {
        const value = cells[header.indexOf(name)] ?? '';
        return value === '' ? null : value;
      };
      const key = cell('ID') ?? '';
      if (wentBack.has(key)) continue;
      const mine = ours.get(key);
      const firstStage = STAGES_AFTER_BACKLOG.map(cell).find((d) => d !== null) ?? null;
      const done = cell('Done');
      // Straight from Backlog to Done, the extractor's first stage after Backlog is Done itself;
      // docs/flow-metrics.md#flow-states-and-the-timeline gives such an item no work start (it counts, with no flow time).
      const straight = firstStage === done && done !== null;
      if (straight) straightToDone.push(key);
      const vendorStart = straight ? null : firstStage;
      compared.push([
        key,
        [vendorStart, done],
        [day(mine?.workStart ?? null), day(mine?.completion ?? null)],
      ]);
    }
    expect(compared.length).toBe(19);
    expect(straightToDone).toEqual(['UT-33', 'UT-38', 'UT-39', 'UT-40']);
    expect(compared.filter(([, vendor, mine]) => JSON.stringify(vendor) !== JSON.stringify(mine))).toEqual(
      [],
    );
  });
});
