import { DurationMeter, Zone } from './calendar';
import { FlowTypeClassifier } from './classify';
import type { FlowSettings } from './settings';
import { distinctStatuses, StatusMapper } from './status-map';
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
  const known = [...statuses, ...distinctStatuses([...items].map((i) => i.status))];
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
