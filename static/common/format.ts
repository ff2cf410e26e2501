import { formatCivilDate, Zone } from '../../src/domain/calendar';
import type { FlowType } from '../../src/domain/types';

export const TYPE_LABELS: Readonly<Record<FlowType, string>> = {
  feature: 'Features',
  defect: 'Defects',
  risk: 'Risks',
  debt: 'Debts',
};

/** One work item's type, as a lozenge or a sentence names it ("1 Debt work item"). */
export const TYPE_NAMES: Readonly<Record<FlowType, string>> = {
  feature: 'Feature',
  defect: 'Defect',
  risk: 'Risk',
  debt: 'Debt',
};

export const FLOW_TYPE_ORDER: readonly FlowType[] = ['feature', 'defect', 'risk', 'debt'];

// Figures are written by one rule in the pages and in what is exported from them.
export { band, days, percent } from '../../src/presentation/figure-words';

/**
 * The day of an instant as the space sees it: its civil date in the space's time zone, by the
 * domain's own rule (src/domain/calendar.ts), the one every surface shows dates by. A UTC slice of
 * the ISO string would put an evening in New York on the next day.
 */
export function dayIn(iso: string | null, timeZone: string): string {
  if (iso === null) return '–';
  const at = Date.parse(iso);
  return Number.isFinite(at) ? formatCivilDate(new Zone(timeZone).dayOf(at)) : '–';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
