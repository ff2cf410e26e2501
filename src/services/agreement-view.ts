import type { AgreementView, PersonRef } from '../contract';
import { defaultDueDate } from '../domain/agreement';
import { agreementForecast, repaymentProgress, weeklyDebtVelocity } from '../domain/agreement-forecast';
import { readAgreement } from '../domain/agreement-status';
import { DomainError } from '../domain/errors';
import { seededRandom, seedOf } from '../domain/random';
import { getMyPermissions, getUser, searchUsersWhoCanBrowse } from '../jira/jira-api';
import { visibleSpace } from './space-access';
import type { JiraClient } from '../jira/jira-client';
import { toWorkItem } from '../jira/issue-mapper';
import { baseRevision, readLock, type AgreementLock } from './agreement-lock';
import { childrenOf, evidenceOf, projectFlow } from './agreement-flow';
import { readEpicAgreement, type EpicAgreement } from './agreement-store';
import { APP_ACCOUNT } from './agreement-refresh';
import type { KeyValueStore } from './key-value-store';
import type { CacheContext } from './window-read';

/**
 * The epic's agreement as its panel shows it (docs/debt-agreements.md): the record, its status,
 * the repayment progress and forecast, and the interest evidence, read as the user.
 */

export function repairOf(epic: EpicAgreement): AgreementView['repair'] {
  if (epic.stored.kind === 'agreement' && !epic.hasLabel) return 'add-label';
  if (epic.stored.kind === 'none' && epic.hasLabel) return 'remove-label';
  return null;
}

export async function personOf(jira: JiraClient, accountId: string | null): Promise<PersonRef | null> {
  if (accountId === null) return null;
  return { accountId, displayName: (await getUser(jira, accountId))?.displayName ?? null };
}

/** The app writes the daily refresh; people are named as Jira shows them to the reader. */
async function namesOf(
  jira: JiraClient,
  accountIds: readonly string[],
): Promise<Record<string, string | null>> {
  const ids = [...new Set(accountIds)];
  const names = await Promise.all(
    ids.map(async (id) =>
      id === APP_ACCOUNT ? 'Flow Ledger' : ((await getUser(jira, id))?.displayName ?? null),
    ),
  );
  return Object.fromEntries(ids.map((id, i) => [id, names[i] ?? null]));
}

/** Agreements are recorded on epics, whatever the panel's display condition said. */
export function requireEpic(epic: EpicAgreement): void {
  const level = toWorkItem(epic.issue).issueType.hierarchyLevel;
  if (level !== 1) {
    throw new DomainError(
      'INVALID_INPUT',
      `${epic.issue.key} is a ${epic.issue.fields.issuetype.name}, not an epic: agreements are recorded on epics.`,
    );
  }
}

/** The epic as the caller may see it, refused when it is not an epic. */
export async function epicFor(jira: JiraClient, issueKey: string): Promise<EpicAgreement> {
  const epic = await readEpicAgreement(jira, issueKey);
  requireEpic(epic);
  return epic;
}

/**
 * The lock, where the revision a change must name depends on it: only when the epic holds no
 * readable agreement (src/services/agreement-lock.ts), so that a panel open costs no storage read.
 */
export async function lockIfNeeded(store: KeyValueStore, epic: EpicAgreement): Promise<AgreementLock | null> {
  return epic.stored.kind === 'agreement' ? null : readLock(store, epic.issue.id);
}

/**
 * The panel's view of an epic's agreement, with its progress, forecast and interest evidence;
 * `revision` is the one a change must name (src/services/agreement-lock.ts#baseRevision).
 */
export async function viewOf(
  jira: JiraClient,
  cache: CacheContext,
  epic: EpicAgreement,
  revision: number,
  now: number,
): Promise<AgreementView> {
  const children = (await childrenOf(jira, [epic.issue.key])).get(epic.issue.key) ?? [];
  const flow = await projectFlow(jira, cache, await visibleSpace(jira, epic.projectKey), children, now);
  const [permissions, owner, people] = await Promise.all([
    getMyPermissions(jira, ['EDIT_ISSUES'], { issueKey: epic.issue.key }),
    personOf(jira, epic.stored.kind === 'agreement' ? epic.stored.agreement.owner : null),
    namesOf(jira, epic.stored.kind === 'agreement' ? epic.stored.agreement.history.map((h) => h.by) : []),
  ]);
  const reading = readAgreement(epic.stored, epic.hasLabel, flow.zone, now);
  const agreement = epic.stored.kind === 'agreement' ? epic.stored.agreement : null;
  let progress = null;
  let forecast = null;
  let evidence = null;
  if (agreement !== null) {
    progress = repaymentProgress(children, flow.context, now);
    forecast = agreementForecast(
      agreement,
      progress,
      weeklyDebtVelocity(flow.projectItems, flow.context, now),
      { random: seededRandom(seedOf(epic.issue.key)), now, zone: flow.zone },
    );
    evidence = evidenceOf(flow, epic.projectKey, children, now, agreement.repaidAt);
  }
  return {
    epic: { key: epic.issue.key, summary: epic.issue.fields.summary ?? '', projectKey: epic.projectKey },
    canEdit: permissions.EDIT_ISSUES,
    status: reading?.status ?? null,
    problem: reading?.problem ?? null,
    repair: repairOf(epic),
    agreement,
    revision,
    defaults: {
      dueDate: defaultDueDate(now, flow.zone, flow.settings.agreementRepayWithinDays),
      reviewCadenceDays: flow.settings.agreementReviewCadenceDays,
    },
    owner,
    people,
    progress,
    forecast,
    evidence,
    timeZone: flow.settings.timeZone,
    asOf: new Date(now).toISOString(),
  };
}

export async function getAgreement(
  jira: JiraClient,
  cache: CacheContext,
  issueKey: string,
  now: number,
): Promise<AgreementView> {
  const epic = await epicFor(jira, issueKey);
  return viewOf(jira, cache, epic, baseRevision(epic.stored, await lockIfNeeded(cache.store, epic)), now);
}

/** People who may browse the space, for the owner field; a space the user may not see is NOT_FOUND. */
export async function findPeople(
  jira: JiraClient,
  request: { readonly projectKey: string; readonly query: string },
): Promise<PersonRef[]> {
  const space = await visibleSpace(jira, request.projectKey);
  return searchUsersWhoCanBrowse(jira, space.key, request.query);
}
