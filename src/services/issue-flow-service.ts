import type { IssueFlowView } from '../contract';
import { DomainError } from '../domain/errors';
import { createFlowContext } from '../domain/flow-context';
import { analyzeIssueFlow, childrenMix } from '../domain/issue-flow';
import { AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import { bulkChangelogs, changelogFields, getIssue, getProject } from '../jira/jira-api';
import { toWorkItem } from '../jira/issue-mapper';
import type { JiraClient } from '../jira/jira-client';
import { inOneLoad } from '../jira/load-scope';
import type { KeyValueStore } from './key-value-store';
import { childrenJql, fetchItems, fetchStatuses, startFlaggedLookup } from './project-data';
import { readSettings } from './settings-service';

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
    throw new DomainError('NOT_FOUND', `Work item ${issueKey} does not exist or you may not see it.`);
  const projectKey = issue.fields.project?.key ?? issue.key.slice(0, issue.key.lastIndexOf('-'));
  const project = await getProject(jira, projectKey);
  const [loaded, statuses, histories, children] = await inOneLoad(jira, (load) => {
    const flagged = startFlaggedLookup(load);
    return Promise.all([
      readSettings(store, project.id ?? project.key),
      load.start((j) => fetchStatuses(j, project.key)),
      load.start(async (j) => {
        const flaggedId = await flagged;
        return bulkChangelogs(j, [issue.id], changelogFields(flaggedId));
      }),
      load.start(() => fetchItems(load, childrenJql(issue.key), flagged)),
    ]);
  });
  const item = toWorkItem({ ...issue, changelog: { histories: histories.get(issue.id) ?? [] } });
  const context = createFlowContext(loaded.settings, statuses, [item, ...children.items]);
  const flow = analyzeIssueFlow(item, context, now);
  const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
  return {
    issue: {
      key: item.key,
      summary: item.summary,
      issueType: item.issueType.name,
      hierarchyLevel: item.issueType.hierarchyLevel,
      status: { ...flow.status, state: flow.state },
    },
    projectKey: project.key,
    isFlowItem: flow.isFlowItem,
    classification: {
      type: flow.classification.type,
      reason: flow.classification.reason,
      conflictingTypes: flow.classification.conflictingTypes,
    },
    outcome: flow.outcome,
    workStart: iso(flow.workStart),
    completion: iso(flow.completion),
    duration: flow.duration,
    leadTimeDays: flow.leadTimeDays,
    children: childrenMix(children.items, context, now),
    states: flow.states.map((r) => ({
      state: r.state,
      from: new Date(r.from).toISOString(),
      to: new Date(r.to).toISOString(),
    })),
    asOf: new Date(now).toISOString(),
  };
}
