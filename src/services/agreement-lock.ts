import { z } from 'zod';
import type { StoredAgreement } from '../domain/agreement-status';
import { DomainError } from '../domain/errors';
import { AGREEMENT_LOCK_ENTITY } from '../storage/entities';
import type { KeyValueStore } from './key-value-store';

/**
 * The lock that serialises the writes to one epic's agreement (docs/debt-agreements.md#writes).
 *
 * Jira's property `PUT` has no compare-and-set, and Forge has one only on custom entities, so a
 * write first takes a lease on the entity `debt-agreement-lock` (keyed by the epic's id) in a
 * conditional transaction, then reads the property again and checks the revision it was asked to
 * change, then writes, then gives the lease back with what it wrote. The revision is checked only
 * under the lease: of two writes of one revision, the second to hold it reads the first's revision
 * and is a CONFLICT.
 *
 * The property is the record; the lock only remembers the last revision written or deleted, so
 * that revisions keep rising across a delete (a tombstone, not an absent record: a write based on
 * the deleted revision finds it gone) and across a property removed or restored outside the app.
 * A lock ahead of or behind the property never blocks a write: the next revision is past both.
 */

// Locks written before leases held `{ revision, claimedAt, claimedBy }`: they read as free, with
// their revision kept, so that an epic last written by the old protocol is not blocked by it.
// Attributes left out (Forge keeps no empty strings) read as empty.
const lockSchema = z.object({
  /** The last revision written, or deleted at. */
  revision: z.number().int().min(0).catch(0),
  /** The last write deleted the agreement: `revision` is a tombstone. */
  deleted: z.boolean().catch(false),
  /** Rises with every write of the lock: the version its compare-and-set names (null before leases). */
  seq: z.number().int().min(0).nullable().catch(null),
  /** Until when (the writers' clock, ms) a write holds it; 0 when free. */
  leaseUntil: z.number().catch(0),
  /** The write id holding the lease, and the person or app it writes for. */
  holder: z.string().catch(''),
  heldBy: z.string().catch(''),
  /** The id and the digest of the last write that finished, so that a retried delete knows itself. */
  lastWriteId: z.string().catch(''),
  lastDigest: z.string().catch(''),
});

export type AgreementLock = z.infer<typeof lockSchema>;

/** The lock of an epic as stored, or null when no write ever took it. */
export async function readLock(store: KeyValueStore, epicId: string): Promise<AgreementLock | null> {
  const value = await store.getEntity(AGREEMENT_LOCK_ENTITY.name, epicId);
  if (value === undefined || value === null) return null;
  const parsed = lockSchema.safeParse(value);
  // A lock that cannot be read at all is a lock that blocks nothing; the property is the record.
  return parsed.success ? parsed.data : null;
}

/** The revision of what the property holds: a readable agreement's own, else none. */
function propertyRevision(stored: StoredAgreement): number | null {
  return stored.kind === 'agreement' ? stored.agreement.revision : null;
}

/**
 * The revision a change must name: the stored agreement's; with none (never recorded, deleted,
 * removed outside the app, or unreadable) the lock's last, so that a write based on a deleted
 * revision is refused rather than bringing it back.
 */
export function baseRevision(stored: StoredAgreement, lock: AgreementLock | null): number {
  return propertyRevision(stored) ?? lock?.revision ?? 0;
}

/** The revision the next write stores: past the property's and the lock's, whichever is ahead. */
export function nextRevision(stored: StoredAgreement, lock: AgreementLock | null): number {
  return Math.max(propertyRevision(stored) ?? 0, lock?.revision ?? 0) + 1;
}

/** What a finished write leaves in the lock: its revision, whether it deleted, its id and digest. */
export interface LeaseOutcome {
  readonly revision: number;
  readonly deleted: boolean;
  readonly writeId: string;
  readonly digest: string;
}

const ENTITY = AGREEMENT_LOCK_ENTITY.name;

/**
 * The lock as stored: an attribute with nothing to say is left out rather than written as an empty
 * string, which Forge's pages do not promise to take (it reads back as empty), and `leaseUntil`,
 * milliseconds since 1970, is a float: an integer attribute holds 32 bits.
 */
function stored(
  record: LeaseOutcome,
  seq: number,
  lease: { until: number; holder: string; heldBy: string } | null,
) {
  return {
    revision: record.revision,
    deleted: record.deleted,
    ...(record.writeId !== '' ? { lastWriteId: record.writeId } : {}),
    ...(record.digest !== '' ? { lastDigest: record.digest } : {}),
    seq,
    leaseUntil: lease?.until ?? 0,
    ...(lease !== null && lease.holder !== '' ? { holder: lease.holder } : {}),
    ...(lease !== null && lease.heldBy !== '' ? { heldBy: lease.heldBy } : {}),
  };
}

/** What the last finished write left in the lock, as the lock holds it. */
function recordOf(lock: AgreementLock | null): LeaseOutcome {
  return {
    revision: lock?.revision ?? 0,
    deleted: lock?.deleted ?? false,
    writeId: lock?.lastWriteId ?? '',
    digest: lock?.lastDigest ?? '',
  };
}

/** A write's outcome over the last: revisions only rise. */
function withOutcome(record: LeaseOutcome, outcome: LeaseOutcome): LeaseOutcome {
  return { ...outcome, revision: Math.max(record.revision, outcome.revision) };
}

/**
 * A lease held on an epic's lock: every write of the lock while it is held names the version it
 * holds, so that a lease that expired and was taken by another write is never overwritten.
 */
export class Lease {
  private record: LeaseOutcome;
  private seq: number;

  constructor(
    private readonly store: KeyValueStore,
    readonly epic: { readonly id: string; readonly key: string },
    /** The lock as the lease found it. */
    readonly found: AgreementLock | null,
    seq: number,
    readonly until: number,
    private readonly holder: { readonly writeId: string; readonly accountId: string },
  ) {
    this.record = recordOf(found);
    this.seq = seq;
  }

  /**
   * Writes what the write will have stored into the lock now, keeping the lease: a delete's
   * tombstone must be in storage before the property goes, or a failed release would leave an
   * epic with neither, and a save on the deleted revision would bring it back. Throws (and the
   * write must not go on) when it cannot.
   */
  async commit(outcome: LeaseOutcome): Promise<void> {
    const next = withOutcome(this.record, outcome);
    const committed = await this.store.transact([
      {
        kind: 'setEntity',
        entityName: ENTITY,
        key: this.epic.id,
        value: stored(next, this.seq + 1, {
          until: this.until,
          holder: this.holder.writeId,
          heldBy: this.holder.accountId,
        }),
        condition: { attribute: 'seq', equals: this.seq },
      },
    ]);
    if (committed === 'conflict') throw busy(this.epic.key);
    this.record = next;
    this.seq++;
  }

  /**
   * Gives the lease back, with what the write stored when it stored something (and had not
   * committed yet). Only the holder's version is replaced. A lease that cannot be given back
   * (storage did not answer, or the lease expired and was taken) is left to expire or to its new
   * holder; the property is the record, so nothing written is lost by it.
   */
  async release(outcome: LeaseOutcome | null): Promise<void> {
    const next = outcome === null ? this.record : withOutcome(this.record, outcome);
    try {
      const released = await this.store.transact([
        {
          kind: 'setEntity',
          entityName: ENTITY,
          key: this.epic.id,
          value: stored(next, this.seq + 1, null),
          condition: { attribute: 'seq', equals: this.seq },
        },
      ]);
      if (released === 'conflict')
        console.warn(
          `Flow Ledger: the lease on epic ${this.epic.id} had expired and was taken before it was given back`,
        );
    } catch (e) {
      console.warn(
        `Flow Ledger: the lease on epic ${this.epic.id} was not given back; it expires on its own`,
        e,
      );
    }
  }
}

/**
 * Takes the lease for one write until `until`, or answers CONFLICT when another write holds it,
 * even one with the same write id (a retry while the first attempt is still writing must not run
 * beside it). One conditional transaction on the version read: of two writers that read the lock
 * free, one takes it.
 */
export async function takeLease(
  store: KeyValueStore,
  epic: { readonly id: string; readonly key: string },
  writer: {
    readonly writeId: string;
    readonly accountId: string;
    readonly now: number;
    readonly until: number;
  },
): Promise<Lease> {
  const lock = await readLock(store, epic.id);
  if (lock !== null && lock.leaseUntil > writer.now) throw busy(epic.key);
  const seq = (lock?.seq ?? 0) + 1;
  const committed = await store.transact([
    {
      kind: 'setEntity',
      entityName: ENTITY,
      key: epic.id,
      value: stored(recordOf(lock), seq, {
        until: writer.until,
        holder: writer.writeId,
        heldBy: writer.accountId,
      }),
      condition:
        lock?.seq === null || lock === null
          ? { attribute: 'seq', absent: true }
          : { attribute: 'seq', equals: lock.seq },
    },
  ]);
  if (committed === 'conflict') throw busy(epic.key);
  return new Lease(store, epic, lock, seq, writer.until, writer);
}

function busy(issueKey: string): DomainError {
  return new DomainError(
    'CONFLICT',
    `Another change to the agreement on ${issueKey} is being saved right now; try again in a few seconds.`,
  );
}
