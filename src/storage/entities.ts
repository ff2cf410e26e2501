/**
 * The custom entities the app keeps in Forge's storage, as `app.storage.entities` in manifest.yml
 * declares them (a test keeps the two equal). Forge's conditional writes work on custom entities
 * only, so whatever must not be overwritten by a concurrent save lives in one.
 * @see https://developer.atlassian.com/platform/forge/storage-reference/transactions-entities/
 */
export type AttributeType = 'string' | 'boolean' | 'float' | 'integer' | 'any';

/**
 * An index: on one attribute of its name, or named, ordered by `range` within each value of
 * `partition` (a query names the partition's values and gets its entities in range order).
 */
export type EntityIndex =
  | string
  | { readonly name: string; readonly range: readonly string[]; readonly partition?: readonly string[] };

export interface EntityDeclaration {
  readonly name: string;
  readonly attributes: Readonly<Record<string, AttributeType>>;
  readonly indexes: readonly EntityIndex[];
}

export const indexName = (index: EntityIndex): string => (typeof index === 'string' ? index : index.name);

/** A project's flow settings, keyed by the project's id; `revision` is what a save must name. */
export const FLOW_SETTINGS_ENTITY: EntityDeclaration = {
  name: 'flow-settings',
  attributes: {
    schemaVersion: 'integer',
    revision: 'integer',
    settings: 'any',
    updatedAt: 'string',
    updatedBy: 'string',
  },
  indexes: ['revision'],
};

/**
 * The lock that serialises the writes to one epic's agreement (docs/debt-agreements.md#writes),
 * keyed by the epic's id (src/services/agreement-lock.ts): the last revision written or deleted
 * at, the version its compare-and-set names, and the lease of the write that holds it.
 * `claimedAt` and `claimedBy` are what locks held before leases; they stay declared so that those
 * records still read.
 */
export const AGREEMENT_LOCK_ENTITY: EntityDeclaration = {
  name: 'debt-agreement-lock',
  attributes: {
    revision: 'integer',
    claimedAt: 'integer',
    claimedBy: 'string',
    deleted: 'boolean',
    seq: 'integer',
    // Milliseconds since 1970: more than an integer attribute's 32 bits.
    leaseUntil: 'float',
    holder: 'string',
    heldBy: 'string',
    lastWriteId: 'string',
    lastDigest: 'string',
  },
  indexes: ['revision'],
};

/**
 * A value stream (src/services/stream-store.ts), keyed by its id: its definition, who created it
 * (who may edit it besides Jira's administrators) and the revision a save must name; a deleted
 * stream leaves `deleted` and its last revision, so that no late save brings it back. Listed by
 * querying the `revision` index: every stream has one.
 */
export const VALUE_STREAM_ENTITY: EntityDeclaration = {
  name: 'value-stream',
  attributes: {
    schemaVersion: 'integer',
    revision: 'integer',
    stream: 'any',
    createdBy: 'string',
    createdAt: 'string',
    updatedAt: 'string',
    updatedBy: 'string',
    deleted: 'boolean',
  },
  indexes: ['revision'],
};

/**
 * A monthly flow review (src/services/review-store.ts), keyed by its id: what it covers (`scope`,
 * a space's or a stream's id), the period it reviews, the figures frozen when it was started, and
 * what the meeting observed and decided. Listed per scope, newest period first, by the `by-scope`
 * index; a deleted review leaves `deleted` and its last revision, so that no late save brings it back.
 */
export const FLOW_REVIEW_ENTITY: EntityDeclaration = {
  name: 'flow-review',
  attributes: {
    schemaVersion: 'integer',
    revision: 'integer',
    scope: 'string',
    periodFrom: 'string',
    review: 'any',
    createdBy: 'string',
    createdAt: 'string',
    updatedAt: 'string',
    updatedBy: 'string',
    deleted: 'boolean',
  },
  indexes: ['revision', { name: 'by-scope', partition: ['scope'], range: ['periodFrom'] }],
};

export const STORAGE_ENTITIES: readonly EntityDeclaration[] = [
  FLOW_SETTINGS_ENTITY,
  AGREEMENT_LOCK_ENTITY,
  VALUE_STREAM_ENTITY,
  FLOW_REVIEW_ENTITY,
];
