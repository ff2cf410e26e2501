import type { ChildrenMix, IssueFlowView } from '../contract';
import { DomainError } from '../domain/errors';
import { analyzeItem } from '../domain/flow-report';
import { createFlowContext } from '../domain/flow-context';
import { activeAndWaiting, currentStatusOf, stateAt } from '../domain/timeline';
import { MS_PER_DAY, type FlowType } from '../domain/types';
import { AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import { bulkChangelogs, getIssue, getProject } from '../jira/jira-api';
import { toWorkItem } from '../jira/issue-mapper';
import type { JiraClient } from '../jira/jira-client';
import { inOneLoad } from '../jira/load-scope';
import type { KeyValueStore } from './key-value-store';
import { childrenJql, fetchItems, fetchStatuses, startFlaggedLookup } from './project-data';
import { readSettings } from './settings-service';

const days = (ms: number): number => ms / MS_PER_DAY;

/**
 * One issue's flow, for the issue panel: its type and the rule that decided it, its flow state, its
 * flow time (done) or age (in progress) split into active and waiting time, and, for a parent such
 * as an epic, the flow mix of its children.
 */
export async function getIssueFlow(
  jira: JiraClient,
  store: KeyValueStore,
  issueKey: string,
  now: number,
): Promise<IssueFlowView> {
  const issue = await getIssue(jira, issueKey, [AGREEMENT_PROPERTY_KEY]);
  if (issue === null)
    throw new DomainError('NOT_FOUND', `Issue ${issueKey} does not exist or you may not see it.`);
  const projectKey = issue.fields.project?.key ?? issue.key.slice(0, issue.key.lastIndexOf('-'));
  const project = await getProject(jira, projectKey);
  const [loaded, statuses, histories, children] = await inOneLoad(jira, (load) => {
    const flagged = startFlaggedLookup(load);
    return Promise.all([
      readSettings(store, project.id ?? project.key),
      load.start((j) => fetchStatuses(j, project.key)),
      load.start(async (j) => {
        const flaggedId = await flagged;
        return bulkChangelogs(j, [issue.id], flaggedId === null ? ['status'] : ['status', flaggedId]);
      }),
      load.start(() => fetchItems(load, childrenJql(issue.key), flagged)),
    ]);
  });
  const item = toWorkItem({ ...issue, changelog: { histories: histories.get(issue.id) ?? [] } });
  const context = createFlowContext(loaded.settings, statuses, [item, ...children.items]);
  const analysis = analyzeItem(item, context);
  const t = analysis.timeline;
  const currentRef = currentStatusOf(item);
  const current = currentRef === null ? null : context.statuses.map(currentRef);
  // Back in a new status after work started: in progress, waiting (DESIGN §4).
  const flowState =
    t.currentState === 'new' && t.workStart !== null && !t.canceled ? 'waiting' : t.currentState;

  let duration: IssueFlowView['duration'] = {
    kind: 'none',
    days: null,
    activeDays: null,
    waitingDays: null,
    efficiency: null,
  };
  if (t.workStart !== null) {
    const end = t.completion ?? now;
    if (end >= t.workStart) {
      const total = context.meter.measure(t.workStart, end);
      const split = activeAndWaiting(t, t.workStart, end, context.meter);
      duration = {
        kind: t.completion !== null ? 'flowTime' : 'age',
        days: days(total),
        activeDays: days(split.activeMs),
        waitingDays: days(split.waitingMs),
        efficiency: total > 0 ? split.activeMs / total : null,
      };
    }
  }

  let mix: ChildrenMix | null = null;
  if (children.items.length > 0) {
    const byType: Record<FlowType, number> = { feature: 0, defect: 0, risk: 0, debt: 0 };
    const byState = { notStarted: 0, inProgress: 0, done: 0, canceled: 0 };
    for (const child of children.items) {
      const a = analyzeItem(child, context);
      byType[a.classification.type]++;
      if (a.timeline.canceled) byState.canceled++;
      else if (a.timeline.completion !== null) byState.done++;
      else if (a.timeline.workStart !== null && stateAt(a.timeline, now) !== 'done') byState.inProgress++;
      else byState.notStarted++;
    }
    mix = { total: children.items.length, byType, byState };
  }

  return {
    issue: {
      key: item.key,
      summary: issue.fields.summary ?? '',
      issueType: item.issueType.name,
      hierarchyLevel: item.issueType.hierarchyLevel,
      status: {
        name: currentRef?.name ?? 'Unknown',
        category: current?.category ?? 'new',
        state: flowState,
        inferred: current?.inferred ?? false,
      },
    },
    projectKey: project.key,
    isFlowItem: analysis.isFlowItem,
    classification: {
      type: analysis.classification.type,
      reason: analysis.classification.reason,
      conflictingTypes: analysis.classification.conflictingTypes,
    },
    workStart: t.workStart === null ? null : new Date(t.workStart).toISOString(),
    completion: t.completion === null ? null : new Date(t.completion).toISOString(),
    canceled: t.canceled,
    duration,
    leadTimeDays: t.completion === null ? null : days(context.meter.measure(item.created, t.completion)),
    children: mix,
    asOf: new Date(now).toISOString(),
  };
}
