import path from 'node:path';
import { isCounted, type FlowCount } from '../../src/domain/flow-counts';
import { computeFlowReport, type FlowReport } from '../../src/domain/flow-report';
import { itemRows, type ItemRow } from '../../src/domain/item-rows';
import { DEFAULT_SETTINGS, type FlowSettings } from '../../src/domain/settings';
import { FLOW_TYPES } from '../../src/domain/types';
import { loadDataset } from '../../src/local/dataset/load-dataset';

/**
 * The drill-down lists, for each count of the project page, the work items behind it. On real
 * data (AGPUSH, test/fixtures/jboss-aerogear/SOURCE.txt), every list is exactly as long as the
 * figure it opens from, by type and by period, for weeks and months, in two time zones.
 */
const FILE = path.join(__dirname, '..', 'fixtures', 'jboss-aerogear', 'agpush200.raw.json');

const counted = (rows: readonly ItemRow[], count: FlowCount): number =>
  rows.filter((r) => isCounted(r, count)).length;

async function both(settings: FlowSettings): Promise<{ report: FlowReport; rows: ItemRow[] }> {
  const dataset = await loadDataset(FILE);
  const window = { from: '2013-05-10', to: '2013-08-01' };
  const input = { items: dataset.items, statuses: dataset.statuses, settings, window };
  return {
    report: computeFlowReport({ ...input, project: 'AGPUSH' }),
    rows: itemRows({ ...input, asOf: Date.parse('2013-08-02T00:00:00Z') }),
  };
}

describe.each([
  ['weeks, UTC', { ...DEFAULT_SETTINGS }],
  ['months, Tokyo', { ...DEFAULT_SETTINGS, trendPeriod: 'month', timeZone: 'Asia/Tokyo' } as const],
])('every count opens onto as many work items as it says (%s)', (_, settings: FlowSettings) => {
  let report: FlowReport;
  let rows: ItemRow[];
  beforeAll(async () => {
    ({ report, rows } = await both(settings));
  });

  test('the headline figures', () => {
    expect(report.velocity.total).toBeGreaterThan(0);
    expect(counted(rows, { kind: 'completed' })).toBe(report.velocity.total);
    expect(counted(rows, { kind: 'in-progress' })).toBe(report.load.atAsOf);
    expect(counted(rows, { kind: 'canceled' })).toBe(report.canceled);
    expect(counted(rows, { kind: 'flow-time' })).toBe(report.flowTime.count);
  });

  test('by type', () => {
    for (const type of FLOW_TYPES) {
      expect(counted(rows, { kind: 'completed', type })).toBe(report.velocity.byType[type]);
      expect(counted(rows, { kind: 'in-progress', type })).toBe(report.load.byType[type]);
      expect(counted(rows, { kind: 'flow-time', type })).toBe(report.flowTime.byType[type].count);
    }
  });

  test('by period and type, as the trend shows them', () => {
    expect(report.trend.length).toBeGreaterThan(2);
    for (const entry of report.trend) {
      expect(counted(rows, { kind: 'completed', period: entry.period })).toBe(entry.velocity.total);
      expect(counted(rows, { kind: 'canceled', period: entry.period })).toBe(entry.canceled);
      for (const type of FLOW_TYPES)
        expect(counted(rows, { kind: 'completed', type, period: entry.period })).toBe(
          entry.velocity.byType[type],
        );
    }
  });

  const total = (d: FlowReport['load']['daily'][number]): number =>
    FLOW_TYPES.reduce((n, t) => n + d.byType[t], 0);

  test('the daily load ends on the load at the end of the window, and averages to its daily average', () => {
    expect(report.load.daily.map((d) => d.day).slice(0, 2)).toEqual(['2013-05-10', '2013-05-11']);
    expect(report.load.daily.at(-1)?.day).toBe('2013-08-01');
    const last = report.load.daily.at(-1);
    if (last === undefined) throw new Error('no days');
    expect(total(last)).toBe(report.load.atAsOf);
    const mean = report.load.daily.reduce((n, d) => n + total(d), 0) / report.load.daily.length;
    expect(mean).toBeCloseTo(report.load.dailyAverage, 9);
  });

  test("the cumulative flow: its in-progress bands are each day's load, and an item once there stays counted", () => {
    const daily = report.load.daily;
    for (const d of daily) expect(d.byState.active + d.byState.waiting).toBe(total(d));
    // Everything completed in the window is done at its end (canceled ones too).
    const last = daily.at(-1);
    expect(last?.byState.done).toBeGreaterThanOrEqual(report.velocity.total + report.canceled);
    // Every item counted on a day was created by then and is counted in exactly one state.
    const all = (d: (typeof daily)[number]): number =>
      d.byState.new + d.byState.active + d.byState.waiting + d.byState.done;
    const counts = daily.map(all);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});
