import { createHash } from 'node:crypto';
import { projectKeyOfIssueKey } from '../jira/issue-mapper';
import { parseStoredAgreement } from '../agreement-schema';
import type { DebtAgreement } from '../domain/agreement';
import type { StoredAgreement } from '../domain/agreement-status';
import { DomainError } from '../domain/errors';
import { AGREEMENT_LABEL, AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import {
  deleteIssueProperty,
  editLabels,
  getIssue,
  getIssueProperty,
  setIssueProperty,
} from '../jira/jira-api';
import { JiraError, type JiraClient } from '../jira/jira-client';
import type { JiraIssue } from '../jira/schemas';
import { takeLease, type AgreementLock, type LeaseOutcome } from './agreement-lock';
import { boundedStore } from './bounded-store';
import type { KeyValueStore } from './key-value-store';
import { workItemNotFound } from './space-access';

/**
 * Where an agreement lives, and the one way it is written (docs/debt-agreements.md#writes): the
 * property `tech-debt-agreement` and the label on the epic, each write made holding the epic's
 * lease (src/services/agreement-lock.ts). Jira is read and written as whoever's client this is:
 * the user, or the app for the daily refresh.
 */

export interface EpicAgreement {
  readonly issue: JiraIssue;
  readonly projectKey: string;
  readonly hasLabel: boolean;
  readonly stored: StoredAgreement;
}

/** The epic with its agreement, as the caller may see it; NOT_FOUND when they may not. */
export async function readEpicAgreement(jira: JiraClient, issueKey: string): Promise<EpicAgreement> {
  const issue = await getIssue(jira, issueKey, [AGREEMENT_PROPERTY_KEY]);
  if (issue === null) throw workItemNotFound(issueKey);
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

/** A digest of what a write asks, so that the same write id with another request can be told apart. */
export function requestDigest(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 32);
}

// A write's requests may take half the time its invocation has left, at most this long: the other
// half is for learning whether a write Jira did not answer landed, and for the answer. The lease
// lasts as long as the invocation may, and a grace beyond, so that no other write starts while a
// request of this one, or the read that checks it, could still land.
const MAX_WRITE_MS = 12_000;
const LEASE_GRACE_MS = 5_000;

/** What a write under the lease reports as it goes: what it stored, once it stored it. */
export interface LeaseWork {
  /** Jira, bounded so that every request ends before the lease does. */
  readonly jira: JiraClient;
  /** Jira with the invocation's whole time left: to read whether a write with no answer landed. */
  readonly verifier: JiraClient;
  /** The lock as the lease found it. */
  readonly lock: AgreementLock | null;
  /** Called once the write's commit point is passed, so that the lease records it whatever follows. */
  stored(outcome: LeaseOutcome): void;
  /**
   * Writes the outcome into the lock before the write's commit point, keeping the lease: a delete
   * leaves its tombstone before the property goes. Throws when it cannot; nothing is written then.
   */
  commit(outcome: LeaseOutcome): Promise<void>;
}

/**
 * Runs one write holding the epic's lease, and gives the lease back after, with what the write
 * reported it stored. CONFLICT when another write holds it.
 */
export async function withLease<T>(
  jira: JiraClient,
  store: KeyValueStore,
  epic: { readonly id: string; readonly key: string },
  writer: { readonly writeId: string; readonly accountId: string },
  work: (held: LeaseWork) => Promise<T>,
): Promise<T> {
  const now = jira.clock();
  const writeEnds = Math.floor(now + Math.min(jira.timeLeft() / 2, MAX_WRITE_MS));
  const until = Math.floor(now + jira.timeLeft() + LEASE_GRACE_MS);
  // Storage bounded by this write's own time, not only the invocation's: the daily refresh gives
  // each epic 20 s of a run of minutes, and a storage call that hangs must not hold its lane.
  const leased = boundedStore(store, jira);
  const lease = await takeLease(leased, epic, { ...writer, now, until });
  let outcome: LeaseOutcome | null = null;
  try {
    return await work({
      jira: jira.within(writeEnds),
      verifier: jira,
      lock: lease.found,
      stored: (o) => {
        outcome = o;
      },
      commit: async (o) => {
        await lease.commit(o);
      },
    });
  } finally {
    await lease.release(outcome);
  }
}

/**
 * Jira gave no answer to a write (a timeout, a 5xx after the retries): it may have landed. The
 * caller reads the property again to know which.
 */
function mayHaveLanded(e: unknown): boolean {
  return e instanceof JiraError && (e.status === null || e.status >= 500);
}

/**
 * Writes the property. Resolves when Jira holds `next`; throws when Jira refused it (nothing was
 * written) or when whether it landed cannot be known, saying so.
 */
export async function writeProperty(
  held: Pick<LeaseWork, 'jira' | 'verifier'>,
  issueKey: string,
  next: DebtAgreement,
): Promise<void> {
  try {
    await setIssueProperty(held.jira, issueKey, AGREEMENT_PROPERTY_KEY, next);
  } catch (e) {
    if (!mayHaveLanded(e)) throw e;
    const landed = await propertyNow(held.verifier, issueKey);
    // This write's, or a later revision that kept its id (the daily refresh keeps the last
    // person's write id): it landed.
    if (
      landed.known &&
      landed.writeId === next.writeId &&
      landed.revision !== null &&
      landed.revision >= next.revision
    )
      return;
    if (landed.known) throw e;
    throw unconfirmed(issueKey);
  }
}

/** Removes the property. Resolves when Jira holds none; throws as `writeProperty` does. */
export async function removeProperty(
  held: Pick<LeaseWork, 'jira' | 'verifier'>,
  issueKey: string,
): Promise<void> {
  try {
    await deleteIssueProperty(held.jira, issueKey, AGREEMENT_PROPERTY_KEY);
  } catch (e) {
    if (e instanceof JiraError && e.status === 404) return;
    if (!mayHaveLanded(e)) throw e;
    const landed = await propertyNow(held.verifier, issueKey);
    if (landed.known && landed.absent) return;
    if (landed.known) throw e;
    throw unconfirmed(issueKey);
  }
}

type PropertyNow =
  | { readonly known: false }
  | {
      readonly known: true;
      readonly absent: boolean;
      readonly revision: number | null;
      readonly writeId: string | null;
    };

/** The property as Jira holds it now, or unknown when Jira does not answer that either. */
async function propertyNow(jira: JiraClient, issueKey: string): Promise<PropertyNow> {
  try {
    const value = await getIssueProperty(jira, issueKey, AGREEMENT_PROPERTY_KEY);
    if (value === null) return { known: true, absent: true, revision: null, writeId: null };
    const parsed = parseStoredAgreement(value);
    return parsed.ok
      ? { known: true, absent: false, revision: parsed.agreement.revision, writeId: parsed.agreement.writeId }
      : { known: true, absent: false, revision: null, writeId: null };
  } catch {
    return { known: false };
  }
}

function unconfirmed(issueKey: string): DomainError {
  return new DomainError(
    'JIRA_UNAVAILABLE',
    `Jira did not confirm whether the agreement on ${issueKey} was written; reload it to see what is stored.`,
  );
}

/** Adds the label; false (and the agreement invalid until repaired) when Jira refuses or does not answer. */
export async function addLabel(jira: JiraClient, issueKey: string): Promise<boolean> {
  return labelEdit(jira, issueKey, { add: [AGREEMENT_LABEL] });
}

/** Takes the label away; false (and the epic invalid until repaired) when Jira refuses or does not answer. */
export async function removeLabel(jira: JiraClient, issueKey: string): Promise<boolean> {
  return labelEdit(jira, issueKey, { remove: [AGREEMENT_LABEL] });
}

async function labelEdit(
  jira: JiraClient,
  issueKey: string,
  change: { add?: readonly string[]; remove?: readonly string[] },
): Promise<boolean> {
  try {
    await editLabels(jira, issueKey, change);
    return true;
  } catch (e) {
    if (e instanceof JiraError) return false;
    throw e;
  }
}
