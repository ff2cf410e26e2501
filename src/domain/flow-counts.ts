import type { ItemRow } from './item-rows';
import type { FlowType } from './types';

/**
 * A count the project page shows, named so that the work items behind it can be listed: the
 * drill-down from a figure to its work items (docs/flow-metrics.md#drill-down). Each kind counts
 * exactly what the report's figure of that name counts.
 */
export type FlowCount =
  /** Flow velocity and the completed distribution: done in the window, canceled ones apart. */
  | { readonly kind: 'completed'; readonly type?: FlowType; readonly period?: string }
  /** Of those, the ones with a flow time (a work start): the flow-time percentiles' items. */
  | { readonly kind: 'flow-time'; readonly type?: FlowType }
  /** Flow load and the in-progress distribution: active or waiting at the window's end. */
  | { readonly kind: 'in-progress'; readonly type?: FlowType }
  | { readonly kind: 'canceled'; readonly period?: string };

/** Whether a row is among the items `count` counts. */
export function isCounted(row: ItemRow, count: FlowCount): boolean {
  if ('type' in count && count.type !== undefined && row.type !== count.type) return false;
  const period = 'period' in count ? count.period : undefined;
  if (period !== undefined && row.period !== period) return false;
  switch (count.kind) {
    case 'completed':
      return row.period !== null && !row.canceled;
    case 'flow-time':
      return row.period !== null && !row.canceled && row.flowTimeDays !== null;
    case 'in-progress':
      return row.completion === null && (row.state === 'active' || row.state === 'waiting');
    case 'canceled':
      return row.period !== null && row.canceled;
  }
}

/** What a count is, in words, for the title of its list. */
export function describeCount(count: FlowCount, typeLabel: (type: FlowType) => string): string {
  const type = 'type' in count && count.type !== undefined ? `${typeLabel(count.type)}: ` : '';
  const period = 'period' in count && count.period !== undefined ? ` in the period from ${count.period}` : '';
  switch (count.kind) {
    case 'completed':
      return `${type}completed${period}`;
    case 'flow-time':
      return `${type}completed with a flow time`;
    case 'in-progress':
      return `${type}in progress at the window's end`;
    case 'canceled':
      return `Canceled${period}`;
  }
}
