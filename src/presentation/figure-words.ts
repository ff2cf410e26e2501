import type { MetricName } from '../domain/process-behaviour';

/**
 * How a figure is written, wherever it is shown: the pages, the review's Markdown and its print
 * (one rule, so that a pasted review says what the page said).
 */

export function percent(fraction: number | null, digits = 0): string {
  return fraction === null ? '–' : `${(fraction * 100).toFixed(digits)}%`;
}

export function days(value: number | null): string {
  if (value === null) return '–';
  if (value < 1) return `${(value * 24).toFixed(1)} h`;
  return `${value.toFixed(1)} d`;
}

/** A target band in words: "10–20 %", "at least 10 %", "at most 20 %". */
export function band(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `${percent(min)}–${percent(max)}`;
  if (min !== null) return `at least ${percent(min)}`;
  if (max !== null) return `at most ${percent(max)}`;
  return 'none';
}

/** A period by its first day: an ISO month (2013-06) for a month, the week's Monday for a week. */
export function periodName(label: string, kind: 'week' | 'month'): string {
  return kind === 'month' ? label.slice(0, 7) : label.slice(0, 10);
}

/** How the review writes and draws each metric: its name, a value in words, and its chart's scale. */
export interface MetricLook {
  readonly title: string;
  readonly format: (value: number | null) => string;
  /** The value as the chart draws it (a share as a percentage), and the unit after the axis numbers. */
  readonly scale: number;
  readonly unit: string;
}

export const METRIC_LOOKS: Readonly<Record<MetricName, MetricLook>> = {
  velocity: { title: 'Flow velocity', format: (v) => (v === null ? '–' : String(v)), scale: 1, unit: '' },
  flowTime: { title: 'Flow time, 85%', format: days, scale: 1, unit: 'd' },
  flowEfficiency: { title: 'Flow efficiency', format: (v) => percent(v), scale: 100, unit: '%' },
  load: {
    title: 'Flow load, daily average',
    format: (v) => (v === null ? '–' : v.toFixed(1)),
    scale: 1,
    unit: '',
  },
  debtShare: { title: 'Debt share of completed work', format: (v) => percent(v), scale: 100, unit: '%' },
};
