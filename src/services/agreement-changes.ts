import { randomUUID } from 'node:crypto';
import type { AgreementWriteReceipt, AgreementWriteResult } from '../contract';
import type { AgreementTerms } from '../domain/agreement';
import { applyAction, type AgreementAction } from '../domain/agreement-actions';
import { Zone } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { getMyPermissions } from '../jira/jira-api';
import { visibleSpace } from './space-access';
import type { JiraClient } from '../jira/jira-client';
import { AGREEMENT_LABEL } from '../jira/agreement-index';
import { editLabels } from '../jira/jira-api';
import { baseRevision, nextRevision, readLock, type AgreementLock } from './agreement-lock';
import {
  addLabel,
  removeLabel,
  removeProperty,
  requestDigest,
  withLease,
  writeProperty,
  type EpicAgreement,
} from './agreement-store';
import { agreementCache } from './agreement-flow';
import { epicFor, personOf, viewOf } from './agreement-view';
import type { KeyValueStore } from './key-value-store';
import { readSettings } from './settings-service';

/**
 * The changes a person makes to an epic's agreement (docs/debt-agreements.md#writes): record,
 * edit, review, repay, cancel, reopen, delete, repair. Each is checked and written holding the
 * epic's lease, and answers what it wrote; the panel as it stands after is read again separately,
 * and a failure of that read does not turn a write that happened into an error.
 */

interface Caller {
  readonly accountId: string;
  readonly now: number;
}

export interface ChangeRequest {
  readonly issueKey: string;
  /** The revision the change was made on: the view's. */
  readonly revision: number;
  /** Chosen by the page for this change: a retry with the same id and request is the same write. */
  readonly writeId: string;
  readonly action:
    | { readonly kind: 'save'; readonly terms: AgreementTerms }
    | { readonly kind: 'review' | 'repay' | 'cancel' | 'reopen'; readonly note: string | null };
}

type Done = AgreementWriteReceipt['action'];

const DONE_BY_KIND: Readonly<Record<'review' | 'repay' | 'cancel' | 'reopen', Done>> = {
  review: 'reviewed',
  repay: 'repaid',
  cancel: 'cancelled',
  reopen: 'reopened',
};

/**
 * Records, edits, reviews, repays, cancels or reopens an agreement: checks the user may edit the
 * epic, takes the lease, checks the revision against what is stored now, applies the rules, and
 * writes the property and the label.
 */
export async function changeAgreement(
  jira: JiraClient,
  store: KeyValueStore,
  request: ChangeRequest,
  caller: Caller,
): Promise<AgreementWriteResult> {
  const { action } = request;
  const digest = requestDigest({
    kind: action.kind,
    revision: request.revision,
    ...(action.kind === 'save' ? { terms: action.terms } : { note: action.note }),
  });
  const first = await epicFor(jira, request.issueKey);
  const known = repeatOf(first, null, request, digest);
  if (known !== null) return withView(jira, store, known, first, caller);
  const [, zone] = await Promise.all([
    requireEditor(jira, first, 'change'),
    zoneOf(jira, store, first.projectKey),
  ]);
  const done = await withLease(
    jira,
    store,
    { id: first.issue.id, key: first.issue.key },
    { writeId: request.writeId, accountId: caller.accountId },
    async (held) => {
      // Read again holding the lease: what was read before may have changed since.
      const epic = await epicFor(held.jira, first.issue.id);
      const again = repeatOf(epic, held.lock, request, digest);
      if (again !== null) return { receipt: again, epic };
      await checkRevision(held.jira, epic, held.lock, request.revision);
      if (epic.stored.kind === 'unreadable' && action.kind !== 'save')
        throw new DomainError(
          'INVALID_INPUT',
          'The recorded agreement cannot be read; record it again, or delete it.',
        );
      const current = epic.stored.kind === 'agreement' ? epic.stored.agreement : null;
      const applied: AgreementAction = action;
      const outcome = applyAction(current, applied, {
        by: caller.accountId,
        now: caller.now,
        zone,
        writeId: request.writeId,
        writeDigest: digest,
        revision: nextRevision(epic.stored, held.lock),
      });
      if (!outcome.ok) throw new DomainError('INVALID_INPUT', outcome.message, prefixed(outcome.fields));
      const key = epic.issue.key;
      if (!outcome.changed)
        return {
          receipt: receipt(key, 'unchanged', baseRevision(epic.stored, held.lock), epic.hasLabel, false),
          epic,
        };
      const next = outcome.agreement;
      await writeProperty(held, key, next);
      held.stored({ revision: next.revision, deleted: false, writeId: request.writeId, digest });
      const labelled = epic.hasLabel || (await addLabel(held.jira, key));
      const what: Done =
        action.kind === 'save' ? (current === null ? 'created' : 'edited') : DONE_BY_KIND[action.kind];
      return {
        receipt: receipt(key, what, next.revision, labelled, false),
        epic: { ...epic, stored: { kind: 'agreement' as const, agreement: next }, hasLabel: labelled },
      };
    },
  );
  return withView(jira, store, done.receipt, done.epic, caller);
}

/** Jira decides who may change an agreement: whoever may edit its epic. */
async function requireEditor(
  jira: JiraClient,
  epic: EpicAgreement,
  verb: 'change' | 'delete' | 'repair',
): Promise<void> {
  const { EDIT_ISSUES } = await getMyPermissions(jira, ['EDIT_ISSUES'], { issueKey: epic.issue.key });
  if (!EDIT_ISSUES)
    throw new DomainError(
      'NOT_PERMITTED',
      `You may not edit ${epic.issue.key}, so you cannot ${verb} its agreement.`,
    );
}

/**
 * This change made already (a retry after its answer was lost): the receipt of what it wrote, or
 * a refusal when the page sent the id of one change with another request. Null for a new change.
 */
function repeatOf(
  epic: EpicAgreement,
  lock: AgreementLock | null,
  request: { readonly writeId: string; readonly revision: number },
  digest: string,
): AgreementWriteReceipt | null {
  const stored = epic.stored.kind === 'agreement' ? epic.stored.agreement : null;
  const key = epic.issue.key;
  if (stored !== null && stored.writeId === request.writeId) {
    // Records from before digests are recognised by their revision, as they were then.
    const same =
      stored.writeDigest === '' ? stored.revision === request.revision + 1 : stored.writeDigest === digest;
    if (!same) throw reused(request.writeId);
    const last = stored.history[0]?.action;
    const what: Done = last === undefined || last === 'created' ? 'created' : last;
    return receipt(key, what, stored.revision, epic.hasLabel, true);
  }
  if (lock !== null && lock.lastWriteId === request.writeId && lock.lastDigest !== digest)
    throw reused(request.writeId);
  return null;
}

function reused(writeId: string): DomainError {
  return new DomainError(
    'INVALID_INPUT',
    `The change id ${writeId.slice(0, 64)} was already used for a different change, so this one was not saved. Reload the panel and make the change again.`,
  );
}

/** The revision the change names must be what is stored now, under the lease. */
async function checkRevision(
  jira: JiraClient,
  epic: EpicAgreement,
  lock: AgreementLock | null,
  named: number,
): Promise<void> {
  const base = baseRevision(epic.stored, lock);
  if (named === base) return;
  if (epic.stored.kind === 'none' && lock?.deleted === true)
    throw new DomainError(
      'CONFLICT',
      `The agreement on ${epic.issue.key} was deleted after you opened it. Reload to record a new one.`,
    );
  const current = epic.stored.kind === 'agreement' ? epic.stored.agreement : null;
  const by = current === null ? null : await personOf(jira, current.updatedBy);
  throw new DomainError(
    'CONFLICT',
    `${by?.displayName ?? 'Someone else'} changed this agreement after you opened it (revision ${base}, you had ${named}). Reload to see the change.`,
  );
}

async function zoneOf(jira: JiraClient, store: KeyValueStore, projectKey: string): Promise<Zone> {
  const project = await visibleSpace(jira, projectKey);
  const { settings } = await readSettings(store, project.id);
  return new Zone(settings.timeZone);
}

/** Field errors by their path in the payload, as a form reads them. */
function prefixed(fields: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (fields === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k === 'note' ? 'note' : `terms.${k}`] = v;
  return out;
}

/**
 * Deletes the agreement: the property, then the label, holding the lease; the lock keeps the
 * revision it was deleted at, so that a write based on the deleted agreement cannot bring it back.
 */
export async function removeAgreement(
  jira: JiraClient,
  store: KeyValueStore,
  request: { readonly issueKey: string; readonly revision: number; readonly writeId: string },
  caller: Caller,
): Promise<AgreementWriteResult> {
  const digest = requestDigest({ kind: 'delete', revision: request.revision });
  const first = await epicFor(jira, request.issueKey);
  const lock = await readLock(store, first.issue.id);
  const known = deletedAlready(first, lock, request.writeId, digest);
  if (known !== null) return withView(jira, store, known, first, caller);
  await requireEditor(jira, first, 'delete');
  const done = await withLease(
    jira,
    store,
    { id: first.issue.id, key: first.issue.key },
    { writeId: request.writeId, accountId: caller.accountId },
    async (held) => {
      const epic = await epicFor(held.jira, first.issue.id);
      const again = deletedAlready(epic, held.lock, request.writeId, digest);
      if (again !== null) return { receipt: again, epic };
      await checkRevision(held.jira, epic, held.lock, request.revision);
      const key = epic.issue.key;
      const revision = nextRevision(epic.stored, held.lock);
      // The tombstone first: once the property is gone, nothing else says it was deleted.
      await held.commit({ revision, deleted: true, writeId: request.writeId, digest });
      if (epic.stored.kind !== 'none') await removeProperty(held, key);
      const unlabelled = !epic.hasLabel || (await removeLabel(held.jira, key));
      return {
        receipt: receipt(key, 'deleted', revision, !unlabelled, false),
        epic: { ...epic, stored: { kind: 'none' as const }, hasLabel: !unlabelled },
      };
    },
  );
  return withView(jira, store, done.receipt, done.epic, caller);
}

/** A delete with this id finished already: its receipt. */
function deletedAlready(
  epic: EpicAgreement,
  lock: AgreementLock | null,
  writeId: string,
  digest: string,
): AgreementWriteReceipt | null {
  if (lock?.lastWriteId !== writeId) return null;
  if (lock.lastDigest !== digest || !lock.deleted) throw reused(writeId);
  if (epic.stored.kind !== 'none') return null;
  return receipt(epic.issue.key, 'deleted', lock.revision, epic.hasLabel, true);
}

/** Puts label and property in agreement again: adds a missing label, or takes away a label without an agreement. */
export async function repairAgreement(
  jira: JiraClient,
  store: KeyValueStore,
  issueKey: string,
  caller: Caller,
): Promise<AgreementWriteResult> {
  const first = await epicFor(jira, issueKey);
  // Before the lease: a person who may only read the epic must not hold it up for those who edit.
  await requireEditor(jira, first, 'repair');
  const done = await withLease(
    jira,
    store,
    { id: first.issue.id, key: first.issue.key },
    { writeId: `repair-${randomUUID()}`, accountId: caller.accountId },
    async (held) => {
      const epic = await epicFor(held.jira, first.issue.id);
      const revision = baseRevision(epic.stored, held.lock);
      const key = epic.issue.key;
      if (epic.stored.kind === 'agreement' && !epic.hasLabel) {
        await editLabels(held.jira, key, { add: [AGREEMENT_LABEL] });
        return {
          receipt: receipt(key, 'label-added', revision, true, false),
          epic: { ...epic, hasLabel: true },
        };
      }
      if (epic.stored.kind === 'none' && epic.hasLabel) {
        await editLabels(held.jira, key, { remove: [AGREEMENT_LABEL] });
        return {
          receipt: receipt(key, 'label-removed', revision, false, false),
          epic: { ...epic, hasLabel: false },
        };
      }
      throw new DomainError('INVALID_INPUT', `The agreement on ${key} needs no repair of its label.`);
    },
  );
  return withView(jira, store, done.receipt, done.epic, caller);
}

const SUMMARY: Readonly<Record<Done, (key: string, revision: number) => string>> = {
  created: (k, r) => `Recorded the agreement on ${k} (revision ${r}).`,
  edited: (k, r) => `Saved the changes to the agreement on ${k} (revision ${r}).`,
  reviewed: (k, r) => `Marked the agreement on ${k} reviewed (revision ${r}).`,
  repaid: (k, r) => `Marked the agreement on ${k} repaid (revision ${r}).`,
  cancelled: (k, r) => `Cancelled the agreement on ${k} (revision ${r}).`,
  reopened: (k, r) => `Reopened the agreement on ${k} (revision ${r}).`,
  deleted: (k) => `Deleted the agreement on ${k}.`,
  'label-added': (k) => `Added the ${AGREEMENT_LABEL} label to ${k}.`,
  'label-removed': (k) => `Removed the ${AGREEMENT_LABEL} label from ${k}.`,
  unchanged: (k, r) => `Nothing to save: the agreement on ${k} already says this (revision ${r}).`,
};

function receipt(
  issueKey: string,
  action: Done,
  revision: number,
  labelled: boolean,
  repeated: boolean,
): AgreementWriteReceipt {
  const parts = [SUMMARY[action](issueKey, revision)];
  if (repeated) parts.push('It had been saved already; nothing was written again.');
  if (action === 'deleted' && labelled)
    parts.push(`The ${AGREEMENT_LABEL} label could not be taken off; remove it from the panel.`);
  else if (action !== 'deleted' && action !== 'label-removed' && !labelled)
    parts.push(`The ${AGREEMENT_LABEL} label could not be added; add it from the panel.`);
  return { issueKey, action, revision, labelled, repeated, summary: parts.join(' ') };
}

/**
 * The write's receipt with the panel read again. That read may fail on its own (Jira slow, no
 * time left): the write stands, and the answer says it, with the view left for the page to reload.
 */
async function withView(
  jira: JiraClient,
  store: KeyValueStore,
  written: AgreementWriteReceipt,
  epic: EpicAgreement,
  caller: { readonly accountId: string; readonly now: number },
): Promise<AgreementWriteResult> {
  const revision = epic.stored.kind === 'agreement' ? epic.stored.agreement.revision : written.revision;
  try {
    const cache = agreementCache(store, caller.accountId);
    return { written, view: await viewOf(jira, cache, epic, revision, caller.now), viewProblem: null };
  } catch (e) {
    if (e instanceof DomainError) return { written, view: null, viewProblem: e.message };
    console.error('Flow Ledger: reading the agreement again after a write failed', e);
    return { written, view: null, viewProblem: 'Flow Ledger hit an unexpected error reading it again.' };
  }
}
