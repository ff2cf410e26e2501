import { Zone } from '../domain/calendar';
import { createFlowContext, type FlowContext } from '../domain/flow-context';
import { interestEvidence, EVIDENCE_WEEKS, type InterestEvidence } from '../domain/interest-evidence';
import type { FlowSettings } from '../domain/settings';
import type { KnownStatus, WorkItem } from '../domain/types';
import { defaultWindow } from '../domain/window';
import type { JiraClient } from '../jira/jira-client';
import { inOneLoad } from '../jira/load-scope';
import type { KeyValueStore } from './key-value-store';
import { DomainError } from '../domain/errors';
import { childrenJql, fetchItems, startFlaggedLookup } from './project-data';
import { readWindow, spaceMeta, type CacheContext } from './window-read';
import { readSettings } from './settings-service';
import type { Space } from './space-access';

/**
 * What the agreement panel and the register read beside the agreements: the project's flow of the
 * last twelve weeks (for the forecast and the interest evidence) and the epics' children (the
 * repayment items), as the user.
 */

export interface FlowContextOfProject {
  readonly settings: FlowSettings;
  /** The space's settings were saved: its targets are the team's, not the defaults. */
  readonly saved: boolean;
  readonly zone: Zone;
  readonly statuses: KnownStatus[];
  readonly projectItems: WorkItem[];
  readonly context: FlowContext;
  readonly window: { readonly from: string; readonly to: string };
}

/**
 * How the agreement panel and register read their space: through the fact cache, as the user, the
 * whole window within the call. They show no progress yet, so nothing is handed to the consumer.
 */
export function agreementCache(store: KeyValueStore, accountId: string): CacheContext {
  return { store, accountId, jobs: null };
}

/**
 * The flow of a space the caller has already found visible (src/services/space-access.ts): its
 * last twelve weeks read through the fact cache, as the project page reads them, so that a warm
 * panel or register asks Jira for the ids and what changed, not the whole window again.
 */
export async function projectFlow(
  jira: JiraClient,
  cache: CacheContext,
  project: Space,
  extraItems: readonly WorkItem[],
  now: number,
): Promise<FlowContextOfProject> {
  const [{ settings, isDefault }, { meta, stored }] = await Promise.all([
    readSettings(cache.store, project.id),
    spaceMeta(jira, cache.store, project, now),
  ]);
  const zone = new Zone(settings.timeZone);
  const window = defaultWindow({ weeks: EVIDENCE_WEEKS }, zone, now);
  const read = await readWindow(jira, { ...cache, jobs: null }, meta, window.from, now);
  // With no queue to hand over to, a read is whole or fails: never `refreshing`.
  if (read.kind !== 'ready') throw new DomainError('INTERNAL', `Reading ${project.key} was handed over.`);
  // Forge may stop an invocation once it has answered: the cache writes end before the answer.
  // They are the cache's, not the answer's: one that fails or runs out of time leaves the figures,
  // already read, standing (the sync record is written only after its facts, so none vouches wrongly).
  for (const r of await Promise.allSettled([read.saved, stored]))
    if (r.status === 'rejected') console.warn(`Flow Ledger: caching ${project.key} failed`, r.reason);
  const statuses = read.statuses;
  const projectItems = read.items.filter((i) => i.projectKey === project.key);
  return {
    settings,
    saved: !isDefault,
    zone,
    statuses,
    projectItems,
    context: createFlowContext(settings, statuses, [...projectItems, ...extraItems]),
    window,
  };
}

/** The interest evidence of an epic's children against the project over the last twelve weeks. */
export function evidenceOf(
  flow: FlowContextOfProject,
  projectKey: string,
  children: readonly WorkItem[],
  now: number,
  repaidAt: string | null,
): InterestEvidence {
  return interestEvidence({
    projectKey,
    epicChildren: children,
    projectItems: flow.projectItems,
    statuses: flow.statuses,
    settings: flow.settings,
    zone: flow.zone,
    window: flow.window,
    now,
    repaidAt,
  });
}

/** The children of some epics, with their changelogs. */
export async function childrenOf(
  jira: JiraClient,
  epicKeys: readonly string[],
): Promise<Map<string, WorkItem[]>> {
  const out = new Map<string, WorkItem[]>(epicKeys.map((k) => [k, []]));
  if (epicKeys.length === 0) return out;
  const items = await inOneLoad(jira, async (load) => {
    const flagged = startFlaggedLookup(load);
    const jql =
      epicKeys.length === 1
        ? childrenJql(epicKeys[0] ?? '')
        : `parent in (${epicKeys.map((k) => `"${k}"`).join(', ')}) ORDER BY key ASC`;
    return (await load.start(() => fetchItems(load, jql, flagged))).items;
  });
  for (const item of items) if (item.parentKey !== null) out.get(item.parentKey)?.push(item);
  return out;
}
