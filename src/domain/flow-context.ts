import { DurationMeter, Zone } from './calendar';
import { FlowTypeClassifier } from './classify';
import type { FlowSettings } from './settings';
import { StatusMapper } from './status-map';
import { CancellationRule } from './timeline';
import type { KnownStatus, WorkItem } from './types';

/** Everything derived once from the settings and the status list, shared by every item's analysis. */
export interface FlowContext {
  readonly settings: FlowSettings;
  readonly statuses: StatusMapper;
  readonly classifier: FlowTypeClassifier;
  readonly cancellation: CancellationRule;
  readonly zone: Zone;
  readonly meter: DurationMeter;
}

/**
 * Builds the context. Known statuses come from Jira's status list and from the items' current
 * statuses, which carry their category even when the status has since left every workflow.
 */
export function createFlowContext(
  settings: FlowSettings,
  statuses: Iterable<KnownStatus>,
  items: Iterable<WorkItem> = [],
): FlowContext {
  const known: KnownStatus[] = [...statuses];
  // Thousands of items share a handful of statuses: keep one of each (with a category if any has one).
  const current = new Map<string, KnownStatus>();
  for (const item of items) {
    const key = `${item.status.id ?? ''}\u0000${item.status.name}`;
    const seen = current.get(key);
    if (seen === undefined || (seen.category === null && item.status.category !== null))
      current.set(key, item.status);
  }
  known.push(...current.values());
  const zone = new Zone(settings.timeZone);
  return {
    settings,
    statuses: new StatusMapper(known, settings),
    classifier: FlowTypeClassifier.fromSettings(settings),
    cancellation: new CancellationRule(settings),
    zone,
    meter: new DurationMeter(settings.workingCalendar, zone),
  };
}
