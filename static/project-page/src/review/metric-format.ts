import type { MetricName } from '../../../../src/domain/process-behaviour';
import { days, percent } from '../../../common/format';

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
