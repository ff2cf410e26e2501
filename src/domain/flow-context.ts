import { DurationMeter, Zone } from './calendar';
import { FlowTypeClassifier } from './classify';
import type { FlowSettings } from './settings';
import { catalogStatuses, StatusMapper, type CategoryConflict } from './status-map';
import { CancellationRule } from './timeline';
import type { KnownStatus, WorkItem } from './types';

/** Everything derived once from the settings and the status list, shared by every item's analysis. */
export interface FlowContext {
  readonly settings: FlowSettings;
  readonly statuses: StatusMapper;
  /** Statuses whose category the items disagree about (docs/flow-metrics.md#flow-states-and-the-timeline), for the data-quality report. */
  readonly categoryConflicts: readonly CategoryConflict[];
  readonly classifier: FlowTypeClassifier;
  readonly cancellation: CancellationRule;
  readonly zone: Zone;
  readonly meter: DurationMeter;
}

/**
 * Builds the context. A status's category comes from Jira's status list, else from the items now
 * in it, which carry their category even when the status has since left every workflow; where
 * the items disagree, the majority decides.
 */
export function createFlowContext(
  settings: FlowSettings,
  statuses: Iterable<KnownStatus>,
  items: Iterable<WorkItem> = [],
): FlowContext {
  const catalog = catalogStatuses(
    statuses,
    [...items].map((i) => i.status),
  );
  const zone = new Zone(settings.timeZone);
  return {
    settings,
    statuses: new StatusMapper(catalog.statuses, settings),
    categoryConflicts: catalog.conflicts,
    classifier: FlowTypeClassifier.fromSettings(settings),
    cancellation: new CancellationRule(settings),
    zone,
    meter: new DurationMeter(settings.workingCalendar, zone),
  };
}
