import { formatCivilDate, Zone } from '../../src/domain/calendar';
import type { FlowType } from '../../src/domain/types';

export const TYPE_LABELS: Readonly<Record<FlowType, string>> = {
  feature: 'Features',
  defect: 'Defects',
  risk: 'Risks',
  debt: 'Debts',
};

export const FLOW_TYPE_ORDER: readonly FlowType[] = ['feature', 'defect', 'risk', 'debt'];

export function percent(fraction: number | null, digits = 0): string {
  return fraction === null ? '–' : `${(fraction * 100).toFixed(digits)}%`;
}

export function days(value: number | null): string {
  if (value === null) return '–';
  if (value < 1) return `${(value * 24).toFixed(1)} h`;
  return `${value.toFixed(1)} d`;
}

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

/** A target band in words: "10–20 %", "at least 10 %", "at most 20 %". */
export function band(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `${percent(min)}–${percent(max)}`;
  if (min !== null) return `at least ${percent(min)}`;
  if (max !== null) return `at most ${percent(max)}`;
  return 'none';
}
