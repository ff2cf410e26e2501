import type { WaitsSnapshot } from '../domain/flow-review';
import type { PeriodFigures } from '../domain/period-figures';
import type { WaitStep } from '../domain/time-in-status';
import { FLOW_TYPES } from '../domain/types';
import type { TeamFigures } from '../domain/value-stream';
import { band, days, percent, periodName } from './figure-words';

/**
 * The review's tables as rows of words, one home for what each cell says: the page renders them,
 * the Markdown pastes them, so that what was shown and what was shared agree cell for cell.
 */

export interface Column {
  readonly name: string;
  readonly align: 'start' | 'end';
}

const TYPE_NAMES = { feature: 'Features', defect: 'Defects', risk: 'Risks', debt: 'Debts' } as const;

export function periodColumns(kind: 'week' | 'month'): Column[] {
  return [
    { name: kind === 'month' ? 'Month' : 'Week of', align: 'start' },
    { name: 'Completed', align: 'end' },
    ...FLOW_TYPES.map((t) => ({ name: TYPE_NAMES[t], align: 'end' as const })),
    { name: 'Flow time p50', align: 'end' },
    { name: 'p85', align: 'end' },
    { name: 'Efficiency', align: 'end' },
    { name: 'Load a day', align: 'end' },
    { name: 'Debt band', align: 'end' },
  ];
}

export function periodRow(p: PeriodFigures, kind: 'week' | 'month'): string[] {
  return [
    periodName(p.label, kind),
    String(p.velocity.total),
    ...FLOW_TYPES.map((t) =>
      p.velocity.total === 0 ? '–' : `${percent(p.distribution[t])} (${p.velocity.byType[t]})`,
    ),
    days(p.flowTime.p50),
    days(p.flowTime.p85),
    percent(p.flowEfficiency),
    p.averageLoad.toFixed(1),
    p.debtBand === null ? 'none' : band(p.debtBand.min, p.debtBand.max),
  ];
}

export const WAIT_COLUMNS: readonly Column[] = [
  { name: 'Status', align: 'start' },
  { name: 'Share of flow time', align: 'start' },
  { name: 'Days', align: 'end' },
  { name: 'Items', align: 'end' },
  { name: 'Median', align: 'end' },
  { name: '85%', align: 'end' },
];

/** A status's row; the status's name is the row's head and says whether it waits. */
export function waitRow(s: WaitStep): string[] {
  return [
    s.waiting ? `${s.name} (waits)` : s.name,
    percent(s.share),
    days(s.days),
    String(s.items),
    days(s.p50Days),
    days(s.p85Days),
  ];
}

export const TEAM_COLUMNS: readonly Column[] = [
  { name: 'Team (space)', align: 'start' },
  { name: 'Completed', align: 'end' },
  { name: 'Debt share', align: 'end' },
  { name: 'Band', align: 'start' },
  { name: 'Against it', align: 'start' },
];

export function teamRow(team: {
  readonly space: { readonly key: string; readonly name: string };
  readonly usesDefaults: boolean;
  readonly figures: TeamFigures;
}): string[] {
  const { figures } = team;
  const debt = figures.debt;
  const none = figures.velocity.total === 0;
  return [
    `${team.space.name} (${team.space.key})`,
    String(figures.velocity.total),
    none ? '–' : percent(figures.distribution.debt),
    `${debt === null ? 'none' : band(debt.min, debt.max)}${team.usesDefaults ? ' (default)' : ''}`,
    debt === null || none ? '–' : debt.status,
  ];
}

const KIND_WORDS = {
  active: 'active',
  flagged: 'flagged while active',
  waiting: 'waiting',
  done: 'done before a reopen',
} as const;

/** "41% of flow time waits in Code Review", or null when no flow time waited. */
export function mostWaitingWords(waits: WaitsSnapshot): string | null {
  return waits.mostWaiting === null
    ? null
    : `${percent(waits.mostWaiting.share)} of flow time waits in ${waits.mostWaiting.name}`;
}

/** "Of all 104.1 d of flow time: 91% active, 9% waiting." */
export function kindsWords(waits: WaitsSnapshot): string {
  const parts = (['active', 'waiting', 'flagged', 'done'] as const)
    .filter((k) => waits.kinds[k].days > 0)
    .map((k) => `${percent(waits.kinds[k].share)} ${KIND_WORDS[k]}`);
  return `Of all ${days(waits.flowDays)} of flow time: ${parts.length === 0 ? 'none' : parts.join(', ')}.`;
}
