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

export function date(iso: string | null): string {
  if (iso === null) return '–';
  return new Date(iso).toISOString().slice(0, 10);
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
