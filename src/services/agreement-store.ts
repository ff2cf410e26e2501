import { projectKeyOfIssueKey } from '../jira/issue-mapper';
import { parseStoredAgreement } from '../agreement-schema';
import type { DebtAgreement } from '../domain/agreement';
import type { StoredAgreement } from '../domain/agreement-status';
import { DomainError } from '../domain/errors';
import { AGREEMENT_LABEL, AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import { deleteIssueProperty, editLabels, getIssue, setIssueProperty } from '../jira/jira-api';
import { JiraError, type JiraClient } from '../jira/jira-client';
import type { JiraIssue } from '../jira/schemas';
import { AGREEMENT_LOCK_ENTITY } from '../storage/entities';
import type { KeyValueStore, RevisionCondition } from './key-value-store';

/**
 * Where an agreement lives, and the one way it is written (docs/debt-agreements.md#writes): the
 * property `tech-debt-agreement` and the label on the epic, every write serialised through a lock
 * entity keyed by the epic's id. Jira is read and written as whoever's client this is: the user,
 * or the app for the daily refresh.
 */

export interface EpicAgreement {
  readonly issue: JiraIssue;
  readonly projectKey: string;
  readonly hasLabel: boolean;
  readonly stored: StoredAgreement;
}

/** A claim older than this belongs to a write that died half way, and may be taken over. */
export const STALE_CLAIM_MS = 60_000;

/** The epic with its agreement, as the caller may see it; NOT_FOUND when they may not. */
export async function readEpicAgreement(jira: JiraClient, issueKey: string): Promise<EpicAgreement> {
  const issue = await getIssue(jira, issueKey, [AGREEMENT_PROPERTY_KEY]);
  if (issue === null)
    throw new DomainError('NOT_FOUND', `Work item ${issueKey} does not exist or you may not see it.`);
  return agreementOf(issue);
}

/** What an issue read with the agreement property holds. */
export function agreementOf(issue: JiraIssue): EpicAgreement {
  const value: unknown = issue.properties?.[AGREEMENT_PROPERTY_KEY];
  let stored: StoredAgreement = { kind: 'none' };
  if (value !== undefined && value !== null) {
    const parsed = parseStoredAgreement(value);
    stored = parsed.ok
      ? { kind: 'agreement', agreement: parsed.agreement }
      : { kind: 'unreadable', problem: parsed.problem };
  }
  return {
    issue,
    projectKey: issue.fields.project?.key ?? projectKeyOfIssueKey(issue.key) ?? issue.key,
    hasLabel: (issue.fields.labels ?? []).includes(AGREEMENT_LABEL),
    stored,
  };
}

/** The revision a write must name: that of the stored agreement, 0 for none or one that cannot be read. */
export function storedRevision(epic: EpicAgreement): number {
  return epic.stored.kind === 'agreement' ? epic.stored.agreement.revision : 0;
}

export interface WriteOutcome {
  /** False when the property was written but the label could not be: the agreement reads invalid until repaired. */
  readonly labelled: boolean;
}

/**
 * Writes the next revision of an epic's agreement. Of two writes of one revision, one claims the
 * lock and the other is a CONFLICT; if the property cannot be written (Jira refuses the user, or
 * does not answer), the claim is given back and nothing has changed.
 */
export async function writeAgreement(
  jira: JiraClient,
  store: KeyValueStore,
  epic: EpicAgreement,
  next: DebtAgreement,
  who: { readonly accountId: string; readonly now: number },
): Promise<WriteOutcome> {
  const key = epic.issue.id;
  const claimed = await store.transact([
    {
      kind: 'setEntity',
      entityName: AGREEMENT_LOCK_ENTITY.name,
      key,
      value: { revision: next.revision, claimedAt: who.now, claimedBy: who.accountId },
      condition: claimCondition(next.revision, who.now),
    },
  ]);
  if (claimed === 'conflict') {
    throw new DomainError(
      'CONFLICT',
      `Someone else changed the agreement on ${epic.issue.key} at the same moment; reload to see their change.`,
    );
  }
  try {
    await setIssueProperty(jira, epic.issue.key, AGREEMENT_PROPERTY_KEY, next);
  } catch (e) {
    await releaseClaim(store, key, next.revision, who);
    throw e;
  }
  return { labelled: epic.hasLabel || (await addLabel(jira, epic.issue.key)) };
}

/** Gives a claim back after a write that did not happen, so that the next write of that revision may claim it. */
async function releaseClaim(
  store: KeyValueStore,
  key: string,
  revision: number,
  who: { readonly accountId: string; readonly now: number },
): Promise<void> {
  await store.transact([
    {
      kind: 'setEntity',
      entityName: AGREEMENT_LOCK_ENTITY.name,
      key,
      value: { revision: revision - 1, claimedAt: 0, claimedBy: who.accountId },
      condition: { attribute: 'revision', equals: revision },
    },
  ]);
}

/** Adds the label; false (and the agreement invalid until repaired) when Jira refuses or does not answer. */
async function addLabel(jira: JiraClient, issueKey: string): Promise<boolean> {
  try {
    await editLabels(jira, issueKey, { add: [AGREEMENT_LABEL] });
    return true;
  } catch (e) {
    if (e instanceof JiraError) return false;
    throw e;
  }
}

/** Puts label and property in agreement again: adds a missing label, or takes away a label without an agreement. */
export async function repairLabel(jira: JiraClient, epic: EpicAgreement): Promise<void> {
  if (epic.stored.kind === 'agreement' && !epic.hasLabel)
    await editLabels(jira, epic.issue.key, { add: [AGREEMENT_LABEL] });
  else if (epic.stored.kind === 'none' && epic.hasLabel)
    await editLabels(jira, epic.issue.key, { remove: [AGREEMENT_LABEL] });
  else
    throw new DomainError(
      'INVALID_INPUT',
      `The agreement on ${epic.issue.key} needs no repair of its label.`,
    );
}

/**
 * Removes the agreement: property, label and lock. Claims the lock first, as a write does, so that
 * a save racing the deletion cannot bring back half an agreement. Resolves false when the label
 * could not be taken away (the epic then reads invalid, and a repair removes it).
 */
export async function deleteAgreement(
  jira: JiraClient,
  store: KeyValueStore,
  epic: EpicAgreement,
  who: { readonly accountId: string; readonly now: number },
): Promise<{ readonly unlabelled: boolean }> {
  const key = epic.issue.id;
  const revision = storedRevision(epic) + 1;
  const claimed = await store.transact([
    {
      kind: 'setEntity',
      entityName: AGREEMENT_LOCK_ENTITY.name,
      key,
      value: { revision, claimedAt: who.now, claimedBy: who.accountId },
      condition: claimCondition(revision, who.now),
    },
  ]);
  if (claimed === 'conflict')
    throw new DomainError(
      'CONFLICT',
      `Someone else changed the agreement on ${epic.issue.key}; reload before deleting it.`,
    );
  if (epic.stored.kind !== 'none') {
    try {
      await deleteIssueProperty(jira, epic.issue.key, AGREEMENT_PROPERTY_KEY);
    } catch (e) {
      await releaseClaim(store, key, revision, who);
      throw e;
    }
  }
  // The property is gone: a new agreement on this epic starts from revision 1 again.
  await store.transact([
    {
      kind: 'deleteEntity',
      entityName: AGREEMENT_LOCK_ENTITY.name,
      key,
      condition: { attribute: 'revision', equals: revision },
    },
  ]);
  if (!epic.hasLabel) return { unlabelled: true };
  try {
    await editLabels(jira, epic.issue.key, { remove: [AGREEMENT_LABEL] });
    return { unlabelled: true };
  } catch (e) {
    if (e instanceof JiraError) return { unlabelled: false };
    throw e;
  }
}

/** A claim of `revision` may be made over an older one, over none, or over one that died half way. */
function claimCondition(revision: number, now: number): RevisionCondition {
  return {
    anyOf: [
      { attribute: 'revision', below: revision },
      { attribute: 'revision', absent: true },
      { attribute: 'claimedAt', below: now - STALE_CLAIM_MS },
    ],
  };
}
