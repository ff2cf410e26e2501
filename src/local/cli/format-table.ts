import { DATA_QUALITY_CODES } from '../../domain/data-quality';
import type { DurationReport, FlowReport } from '../../domain/flow-report';
import type { DurationSummary } from '../../domain/stats';
import { FLOW_TYPES } from '../../domain/types';
import { printableLines } from './terminal-text';

const ISSUES_LISTED = 12;

const pct = (f: number | null): string => (f === null ? '–' : `${(f * 100).toFixed(1)}%`);
const days = (d: number | null): string => (d === null ? '–' : d.toFixed(1));
const num = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
    .join('  ')
    .trimEnd();
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [row(header, widths), ...rows.map((r) => row(r, widths))];
}

function durationRows(report: DurationReport): string[][] {
  const line = (label: string, s: DurationSummary): string[] => [
    label,
    String(s.count),
    days(s.mean),
    days(s.p50),
    days(s.p85),
    days(s.p95),
  ];
  return [line('all', report), ...FLOW_TYPES.map((t) => line(t, report.byType[t]))];
}

/** The report as a terminal reader wants it: the mix first, then times, trend and data quality. */
export function formatTable(r: FlowReport): string {
  const out: string[] = [];
  const zone = r.window.timeZone === 'UTC' ? 'UTC' : r.window.timeZone;
  out.push(`Flow Ledger: ${r.project}, ${r.window.from} to ${r.window.to} (${zone}), as of ${r.window.asOf}`);
  if (r.window.workingDaysOnly) out.push('Durations count working days only.');
  out.push('');
  out.push(
    ...table(
      ['', ...FLOW_TYPES, 'total'],
      [
        [
          'Velocity (completed)',
          ...FLOW_TYPES.map((t) => String(r.velocity.byType[t])),
          String(r.velocity.total),
        ],
        ['Distribution, completed', ...FLOW_TYPES.map((t) => pct(r.distribution.completed[t])), ''],
        ['Distribution, in progress', ...FLOW_TYPES.map((t) => pct(r.distribution.inProgress[t])), ''],
        ['Load at as-of', ...FLOW_TYPES.map((t) => String(r.load.byType[t])), String(r.load.atAsOf)],
        [
          'Load, daily average',
          ...FLOW_TYPES.map((t) => num(r.load.dailyAverageByType[t])),
          num(r.load.dailyAverage),
        ],
        [
          'Flow efficiency',
          ...FLOW_TYPES.map((t) => pct(r.flowEfficiency.byType[t])),
          pct(r.flowEfficiency.overall),
        ],
      ],
    ),
  );
  out.push(`Canceled (not counted above): ${r.canceled}`);
  const header = ['', 'count', 'mean', 'p50', 'p85', 'p95'];
  out.push('', 'Flow time (days, work start to completion)', ...table(header, durationRows(r.flowTime)));
  out.push('', 'Lead time (days, created to completion)', ...table(header, durationRows(r.leadTime)));
  out.push('', 'Age of work in progress (days, at as-of)', ...table(header, durationRows(r.age)));
  if (r.age.oldest.length > 0) {
    out.push(
      '  oldest: ' + r.age.oldest.map((a) => `${a.key} ${days(a.ageDays)}d ${a.type}/${a.state}`).join(', '),
    );
  }

  if (r.targets.length > 0) {
    out.push('', 'Targets (share of completed work)');
    out.push(
      ...table(
        ['', 'actual', 'band', 'status', 'in progress'],
        r.targets.map((t) => [
          t.type,
          pct(t.actual),
          `${t.min === null ? '–' : pct(t.min)} to ${t.max === null ? '–' : pct(t.max)}`,
          t.status === 'within' ? 'within' : `${t.status.toUpperCase()} (alert)`,
          pct(t.actualInProgress),
        ]),
      ),
    );
  }

  out.push('', `Trend per ${r.window.trendPeriod}`);
  out.push(
    ...table(
      ['period', ...FLOW_TYPES, 'total', 'canceled', 'flow p85', 'efficiency', 'load at end'],
      r.trend.map((e) => [
        e.period,
        ...FLOW_TYPES.map((t) => String(e.velocity.byType[t])),
        String(e.velocity.total),
        String(e.canceled),
        days(e.flowTime.p85),
        pct(e.flowEfficiency),
        String(e.load),
      ]),
    ),
  );

  out.push('', 'Data quality');
  if (r.dataQuality.length === 0) out.push('  nothing to report');
  for (const code of DATA_QUALITY_CODES) {
    const f = r.dataQuality.find((d) => d.code === code);
    if (f === undefined) continue;
    out.push(`  ${f.code}: ${f.count} issue${f.count === 1 ? '' : 's'}: ${f.description}`);
    for (const d of f.details ?? []) out.push(`    ${d}`);
    const shown = f.issues.slice(0, ISSUES_LISTED).join(', ');
    out.push(
      `    ${shown}${f.issues.length > ISSUES_LISTED ? `, … (${f.issues.length - ISSUES_LISTED} more)` : ''}`,
    );
  }
  return printableLines(out.join('\n')) + '\n';
}
