import { z } from 'zod';
import { recentPeriods } from '../../src/domain/period-figures';
import { parseCivilDate } from '../../src/domain/calendar';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { emulatedSite, newEmulator, sixSpaceSite } from '../support/emulated-site';
import { virtualForge } from '../support/local-forge';

/**
 * Month over month (docs/flow-metrics.md#signal-or-noise): each period's figures are the project
 * page's for the same dates, exactly, on real data (AGPUSH, Feb to Jul 2013); each metric's
 * latest change is judged against the months before it.
 */

const NOW = Date.parse('2013-08-01T09:00:00Z');
let emulator: JiraEmulator;

beforeAll(async () => {
  emulator = newEmulator(await emulatedSite(), { clock: () => NOW });
});

const figures = z.looseObject({
  velocity: z.unknown(),
  distribution: z.unknown(),
  flowTime: z.looseObject({
    p50: z.number().nullable(),
    p85: z.number().nullable(),
    mean: z.number().nullable(),
  }),
  flowEfficiency: z.number().nullable(),
  averageLoad: z.number(),
  from: z.string(),
  to: z.string(),
  label: z.string(),
});
const periodsAnswer = z.object({
  ok: z.literal(true),
  data: z.looseObject({
    status: z.literal('ready'),
    periods: z.array(figures),
    trends: z.array(
      z.looseObject({ metric: z.string(), values: z.array(z.number().nullable()), words: z.string() }),
    ),
  }),
});
const pageAnswer = z.object({
  ok: z.literal(true),
  data: z.looseObject({
    report: z.looseObject({
      velocity: z.unknown(),
      distribution: z.looseObject({ completed: z.unknown() }),
      flowTime: z.looseObject({ p50: z.unknown(), p85: z.unknown(), mean: z.unknown() }),
      flowEfficiency: z.looseObject({ overall: z.unknown() }),
      load: z.looseObject({ dailyAverage: z.unknown() }),
    }),
  }),
});

test('the complete periods before today, oldest first', () => {
  const today = parseCivilDate('2013-08-01') ?? 0;
  expect(recentPeriods(today, 'month', 6).map((p) => [p.from, p.to])).toEqual([
    ['2013-02-01', '2013-02-28'],
    ['2013-03-01', '2013-03-31'],
    ['2013-04-01', '2013-04-30'],
    ['2013-05-01', '2013-05-31'],
    ['2013-06-01', '2013-06-30'],
    ['2013-07-01', '2013-07-31'],
  ]);
  // 2013-08-01 is a Thursday: the last complete ISO week is 22 to 28 July.
  expect(recentPeriods(today, 'week', 6).at(-1)).toEqual({
    label: '2013-07-22',
    from: '2013-07-22',
    to: '2013-07-28',
  });
});

test("each month's figures are the project page's for the same dates, exactly", async () => {
  const forge = virtualForge(emulator, NOW);
  const answer = periodsAnswer.parse(await forge.invoke('getFlowPeriods', { projectKey: 'AGPUSH' })).data;
  expect(answer.periods.map((p) => p.label)).toEqual([
    '2013-02-01',
    '2013-03-01',
    '2013-04-01',
    '2013-05-01',
    '2013-06-01',
    '2013-07-01',
  ]);
  await expectEachThePage(forge, 'AGPUSH', answer.periods);
  // July 2013 was AGPUSH's busiest month by far: its velocity is a signal against the five before.
  const velocity = answer.trends.find((t) => t.metric === 'velocity');
  expect(velocity?.values.at(-1)).toBeGreaterThan(
    Math.max(...(velocity?.values.slice(0, -1) ?? []).map(Number)),
  );
  expect(velocity?.words).toMatch(/^Flow velocity: more work completed, a signal/);
});

/** Each period's figures against the project page's for the same dates: exactly equal. */
async function expectEachThePage(
  forge: ReturnType<typeof virtualForge>,
  projectKey: string,
  periods: z.infer<typeof figures>[],
  who?: string,
): Promise<void> {
  for (const p of periods) {
    const page = pageAnswer.parse(
      await forge.invoke('getProjectFlow', { projectKey, from: p.from, to: p.to }, who),
    ).data.report;
    expect({ month: p.label, velocity: p.velocity, distribution: p.distribution }).toEqual({
      month: p.label,
      velocity: page.velocity,
      distribution: page.distribution.completed,
    });
    expect([p.flowTime.p50, p.flowTime.p85, p.flowTime.mean]).toEqual([
      page.flowTime.p50,
      page.flowTime.p85,
      page.flowTime.mean,
    ]);
    expect([p.flowEfficiency, p.averageLoad]).toEqual([page.flowEfficiency.overall, page.load.dailyAverage]);
  }
}

test('an Appcelerator space over two years (Feb 2017 to Jan 2019): each month is the page for the same dates', async () => {
  let now = Date.parse('2018-02-01T09:00:00Z');
  const site = newEmulator(
    await sixSpaceSite([
      {
        accountId: 'acc-admin',
        emailAddress: 'a@example.com',
        displayName: 'Ada',
        apiToken: 't',
        siteAdmin: true,
      },
    ]),
    { clock: () => now },
  );
  let months = 0;
  for (const at of ['2018-02-01T09:00:00Z', '2019-02-01T09:00:00Z']) {
    now = Date.parse(at);
    const forge = virtualForge(site, now);
    const answer = periodsAnswer.parse(
      await forge.invoke('getFlowPeriods', { projectKey: 'DAEMON', periods: 12 }, 'acc-admin'),
    ).data;
    expect(answer.periods).toHaveLength(12);
    await expectEachThePage(forge, 'DAEMON', answer.periods, 'acc-admin');
    months += answer.periods.filter(
      (p) => z.object({ total: z.number() }).parse(p.velocity).total > 0,
    ).length;
  }
  // Not an empty comparison: most of the 24 months completed work.
  expect(months).toBeGreaterThan(12);
});
