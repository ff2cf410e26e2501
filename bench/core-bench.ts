/**
 * `npm run bench:core`: the pure computation on 100 000 items with 1 000 000 status changes
 * (docs/jira.md#what-a-load-costs). Prints throughput and peak memory; asserts nothing, because these machines are
 * shared and noisy. Deterministic input: the same items on every run.
 */
import { computeFlowReport } from '../src/domain/flow-report';
import { DEFAULT_SETTINGS, type FlowSettings } from '../src/domain/settings';
import {
  MS_PER_DAY,
  type KnownStatus,
  type StatusChange,
  type StatusRef,
  type WorkItem,
} from '../src/domain/types';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const STATUSES: KnownStatus[] = [
  { id: '1', name: 'To Do', category: 'new' },
  { id: '2', name: 'In Progress', category: 'indeterminate' },
  { id: '3', name: 'In Review', category: 'indeterminate' },
  { id: '4', name: 'Waiting for QA', category: 'indeterminate' },
  { id: '5', name: 'Done', category: 'done' },
  { id: '6', name: 'Reopened', category: 'new' },
  { id: '7', name: 'Closed', category: 'done' },
];
const ref = (i: number): StatusRef => {
  const s = STATUSES[i] ?? STATUSES[0];
  return { id: s?.id ?? '1', name: s?.name ?? 'To Do' };
};

/** mulberry32: a small, fast, seeded generator. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Plausible next statuses from each status index.
const NEXT: number[][] = [[1, 1, 1, 4], [2, 3, 4, 0], [1, 4, 3], [1, 2], [6, 6], [1, 4], [5]];

function makeItems(): WorkItem[] {
  const rnd = random(20_13_03_01);
  const start = Date.UTC(2024, 0, 1);
  const perItem = CHANGES / ITEMS;
  const items: WorkItem[] = [];
  let made = 0;
  for (let i = 0; i < ITEMS; i++) {
    const created = start + rnd() * 700 * MS_PER_DAY;
    const target = Math.round((i + 1) * perItem - made);
    const changes: StatusChange[] = [];
    let at = created;
    let status = 0;
    for (let c = 0; c < target; c++) {
      const options = NEXT[status] ?? [1];
      const next = options[Math.floor(rnd() * options.length)] ?? 1;
      at += rnd() * 4 * MS_PER_DAY;
      changes.push({ at, seq: c, from: ref(status), to: ref(next) });
      status = next;
    }
    made += changes.length;
    const current = STATUSES[status] ?? { id: '1', name: 'To Do', category: 'new' };
    const r = rnd();
    items.push({
      id: String(i),
      key: `BENCH-${i + 1}`,
      projectKey: 'BENCH',
      issueType: {
        name: r < 0.6 ? 'Story' : r < 0.85 ? 'Bug' : r < 0.95 ? 'Task' : 'Risk',
        hierarchyLevel: r < 0.97 ? 0 : -1,
      },
      labels: rnd() < 0.12 ? ['tech-debt'] : [],
      status: current,
      resolution: current.category === 'done' ? (rnd() < 0.05 ? "Won't Do" : 'Done') : null,
      created,
      resolved: current.category === 'done' ? at : null,
      parentKey: null,
      summary: '',
      changelog: {
        statusChanges: rnd() < 0.5 ? changes : [...changes].reverse(), // half arrive newest-first, as from Cloud
        truncated: false,
        flagChanges:
          rnd() < 0.1
            ? [
                { at: created + MS_PER_DAY, seq: 0, flagged: true },
                { at: created + 2 * MS_PER_DAY, seq: 1, flagged: false },
              ]
            : [],
      },
    });
  }
  return items;
}

function measure(label: string, items: WorkItem[], settings: FlowSettings): void {
  const changes = items.reduce((n, i) => n + (i.changelog?.statusChanges.length ?? 0), 0);
  const input = {
    project: 'BENCH',
    items,
    statuses: STATUSES,
    window: { from: '2024-07-01', to: '2025-06-30' },
    settings,
  };
  computeFlowReport(input); // warm-up: JIT and memoised status mapping
  const times: number[] = [];
  let velocity = 0;
  for (let r = 0; r < RUNS; r++) {
    global.gc?.();
    const t0 = process.hrtime.bigint();
    velocity = computeFlowReport(input).velocity.total;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? NaN;
  console.log(
    [
      label,
      `  items ${items.length.toLocaleString('en')}, status changes ${changes.toLocaleString('en')}, completed in window ${velocity.toLocaleString('en')}`,
      `  median ${median.toFixed(0)} ms of ${RUNS} runs (min ${times[0]?.toFixed(0)}, max ${times[times.length - 1]?.toFixed(0)})`,
      `  ${Math.round(items.length / (median / 1000)).toLocaleString('en')} items/s, ${Math.round(changes / (median / 1000)).toLocaleString('en')} changes/s`,
    ].join('\n'),
  );
}

function main(): void {
  const baseline = process.memoryUsage();
  const t0 = process.hrtime.bigint();
  const items = makeItems();
  const built = Number(process.hrtime.bigint() - t0) / 1e6;
  const afterItems = process.memoryUsage();
  console.log(`Flow Ledger core benchmark (node ${process.version}, one thread)`);
  console.log(
    `  generated the input in ${built.toFixed(0)} ms; it holds ${((afterItems.heapUsed - baseline.heapUsed) / 2 ** 20).toFixed(0)} MiB of heap`,
  );
  measure('Calendar time, UTC (the defaults)', items, DEFAULT_SETTINGS);
  measure('Working days only, Europe/Berlin, monthly trend', items, {
    ...DEFAULT_SETTINGS,
    timeZone: 'Europe/Berlin',
    trendPeriod: 'month',
    workingCalendar: {
      enabled: true,
      nonWorkingWeekdays: [6, 7],
      holidays: ['2024-12-25', '2024-12-26', '2025-01-01'],
    },
  });
  const peak = process.resourceUsage().maxRSS / 1024;
  console.log(
    `Peak memory (RSS, whole process including the input): ${peak.toFixed(0)} MiB; Forge's default limit is 512 MiB.`,
  );
}

main();
