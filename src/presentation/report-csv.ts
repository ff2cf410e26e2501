import type { DurationReport, FlowReport } from '../domain/flow-report';
import type { DurationSummary } from '../domain/stats';
import { FLOW_STATES, FLOW_TYPES } from '../domain/types';

/**
 * The report as long-form CSV, one figure a row (`section,metric,type,period,value`), which every
 * spreadsheet pivots without knowing the report's shape. Empty `type` means all types; empty
 * `period` means the whole window; an empty value means "not defined" (no items).
 */
export function formatCsv(r: FlowReport): string {
  const rows: (string | number | null)[][] = [['section', 'metric', 'type', 'period', 'value']];
  const add = (section: string, metric: string, type: string, period: string, value: number | null): void => {
    rows.push([section, metric, type, period, value]);
  };
  const durations = (section: string, d: DurationReport): void => {
    const put = (type: string, s: DurationSummary): void => {
      add(section, 'count', type, '', s.count);
      add(section, 'mean', type, '', s.mean);
      add(section, 'p50', type, '', s.p50);
      add(section, 'p85', type, '', s.p85);
      add(section, 'p95', type, '', s.p95);
    };
    put('', d);
    for (const t of FLOW_TYPES) put(t, d.byType[t]);
  };

  add('velocity', 'completed', '', '', r.velocity.total);
  for (const t of FLOW_TYPES) add('velocity', 'completed', t, '', r.velocity.byType[t]);
  for (const t of FLOW_TYPES) add('distribution', 'completed', t, '', r.distribution.completed[t]);
  for (const t of FLOW_TYPES) add('distribution', 'inProgress', t, '', r.distribution.inProgress[t]);
  durations('flowTime', r.flowTime);
  durations('leadTime', r.leadTime);
  durations('age', r.age);
  add('flowEfficiency', 'ratio', '', '', r.flowEfficiency.overall);
  for (const t of FLOW_TYPES) add('flowEfficiency', 'ratio', t, '', r.flowEfficiency.byType[t]);
  add('load', 'atAsOf', '', '', r.load.atAsOf);
  for (const t of FLOW_TYPES) add('load', 'atAsOf', t, '', r.load.byType[t]);
  add('load', 'dailyAverage', '', '', r.load.dailyAverage);
  for (const t of FLOW_TYPES) add('load', 'dailyAverage', t, '', r.load.dailyAverageByType[t]);
  // The day as the period: the load at the end of that day.
  for (const d of r.load.daily) for (const t of FLOW_TYPES) add('load', 'daily', t, d.day, d.byType[t]);
  // The cumulative flow: the same days, by flow state (the `type` column holds the state).
  for (const d of r.load.daily)
    for (const state of FLOW_STATES) add('cumulativeFlow', 'items', state, d.day, d.byState[state]);
  add('canceled', 'count', '', '', r.canceled);
  for (const target of r.targets) {
    add('targets', 'min', target.type, '', target.min);
    add('targets', 'max', target.type, '', target.max);
    add('targets', 'actual', target.type, '', target.actual);
    rows.push(['targets', 'status', target.type, '', target.status]);
  }
  for (const e of r.trend) {
    add('trend', 'velocity', '', e.period, e.velocity.total);
    for (const t of FLOW_TYPES) add('trend', 'velocity', t, e.period, e.velocity.byType[t]);
    add('trend', 'canceled', '', e.period, e.canceled);
    add('trend', 'flowTimeP85', '', e.period, e.flowTime.p85);
    add('trend', 'flowEfficiency', '', e.period, e.flowEfficiency);
    add('trend', 'load', '', e.period, e.load);
  }
  for (const f of r.dataQuality) rows.push(['dataQuality', f.code, '', '', f.count]);
  return rows.map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}

/** RFC 4180 quoting; also defuses cells a spreadsheet would run as a formula. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
