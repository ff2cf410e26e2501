import type { FlowReport, TargetStatus } from './flow-report';

/**
 * The targets a report should raise an alert for: off their band, in a window where something was
 * completed. With nothing completed every share is 0, which says nothing about the mix
 * (docs/flow-metrics.md#metrics).
 */
export function targetAlerts(report: Pick<FlowReport, 'targets' | 'velocity'>): TargetStatus[] {
  if (report.velocity.total === 0) return [];
  return report.targets.filter((t) => t.status !== 'within');
}
