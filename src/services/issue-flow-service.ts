import type { IssueFlowView } from '../contract';
import { createFlowContext } from '../domain/flow-context';
import { analyzeIssueFlow, childrenMix } from '../domain/issue-flow';
import { AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import { getIssue, getProject } from '../jira/jira-api';
import { bulkChangelogs, changelogFields } from '../jira/jira-search';
import { projectKeyOfIssueKey, toWorkItem } from '../jira/issue-mapper';
import type { JiraClient } from '../jira/jira-client';
import type { JiraChangeHistory } from '../jira/schemas';
import { inOneLoad } from '../jira/load-scope';
import type { KeyValueStore } from './key-value-store';
import { childrenJql, fetchItems, fetchStatuses, startFlaggedLookup } from './project-data';
import { readSettings } from './settings-service';
import { spaceOf, workItemNotFound } from './space-access';

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
  const read = await inOneLoad(jira, async (load) => {
    const flagged = startFlaggedLookup(load);
    // The panel loads on every work item's view, so its reads go out side by side rather than one
    // after another: Jira's context names the work item by its current key, so the space's
    // statuses, the item's changelog and its children are asked for beside the item itself. Each
    // is a guess until the item is read (an item that does not exist makes them fail, and that is
    // NOT_FOUND, not their error); an item reached by an old key, after a move, is asked for again.
    const guessedSpace = spaceKeyOf(issueKey);
    const statusesGuess = load.start((j) => settle(fetchStatuses(j, guessedSpace)));
    const historiesGuess = load.start((j) => settle(changelogOf(j, issueKey, flagged)));
    const childrenGuess = load.start((j) =>
      settle(inOneLoad(j, (inner) => fetchItems(inner, childrenJql(issueKey), flagged))),
    );
    const issue = await load.start((j) => getIssue(j, issueKey, [AGREEMENT_PROPERTY_KEY]));
    if (issue === null) return null;
    const space = issue.fields.project ?? { key: spaceKeyOf(issue.key) };
    const sameKey = issue.key === issueKey;
    const spaceId =
      space.id !== undefined
        ? Promise.resolve(space.id)
        : load.start(async (j) => spaceOf(await getProject(j, space.key)).id);
    const [settings, statuses, histories, children] = await Promise.all([
      spaceId.then((id) => readSettings(store, id)),
      space.key === guessedSpace ? taken(statusesGuess) : load.start((j) => fetchStatuses(j, space.key)),
      sameKey ? taken(historiesGuess) : load.start((j) => changelogOf(j, issue.id, flagged)),
      sameKey ? taken(childrenGuess) : fetchItems(load, childrenJql(issue.key), flagged),
    ]);
    return { issue, spaceKey: space.key, settings, statuses, histories, children };
  });
  if (read === null) throw workItemNotFound(issueKey);
  const { issue, spaceKey, settings: loaded, statuses, histories, children } = read;
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
    projectKey: spaceKey,
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
    timeZone: loaded.settings.timeZone,
    flowItemLevel: loaded.settings.flowItemLevel,
  };
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** A read started on a guess: its failure is an answer to look at, not the load's failure. */
function settle<T>(running: Promise<T>): Promise<Settled<T>> {
  return running.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** The answer of a guess that proved right: a failure now is the load's. */
async function taken<T>(guess: Promise<Settled<T>>): Promise<T> {
  const settled = await guess;
  if (settled.ok) return settled.value;
  throw settled.error;
}

async function changelogOf(
  jira: JiraClient,
  issueIdOrKey: string,
  flagged: Promise<string | null>,
): Promise<Map<string, JiraChangeHistory[]>> {
  return bulkChangelogs(jira, [issueIdOrKey], changelogFields(await flagged));
}

const spaceKeyOf = (issueKey: string): string => projectKeyOfIssueKey(issueKey) ?? issueKey;
