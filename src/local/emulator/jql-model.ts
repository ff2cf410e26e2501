import type { IndexedPath } from '../../jira/agreement-index';

/** What the emulator's JQL reads: an issue, the site around it, and the error Jira gives. */

/** What JQL may read of an issue. */
export interface JqlIssue {
  readonly id: number;
  readonly key: string;
  readonly project: { readonly id: string; readonly key: string; readonly name: string };
  readonly issueType: { readonly id: string; readonly name: string };
  readonly status: { readonly id: string; readonly name: string };
  readonly statusCategory: 'new' | 'indeterminate' | 'done' | null;
  readonly labels: readonly string[];
  readonly parent: { readonly id: string; readonly key: string } | null;
  readonly created: number;
  readonly updated: number;
  readonly resolved: number | null;
  readonly resolution: string | null;
  readonly summary: string;
  readonly property: (key: string) => unknown;
}

export interface JqlEnvironment {
  /** The emulator's clock, for now(), startOfDay() and relative dates like -12w. */
  readonly now: number;
  /** Values that exist on the site (Jira rejects `status = Nonexistent`). */
  readonly projects: readonly { id: string; key: string; name: string }[];
  readonly statuses: readonly { id: string; name: string }[];
  readonly issueTypes: readonly { id: string; name: string }[];
  /** Entity properties the installed app indexes: key → indexed paths with their aliases. */
  readonly indexedProperties: ReadonlyMap<string, readonly IndexedPath[]>;
}

/** A query Jira would refuse, with Jira's message. */
export class JqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JqlError';
  }
}

/** A work item key split into its space and number (`AGPUSH-12`), or null. */
export function parseKey(key: string): { project: string; number: number } | null {
  const m = /^([A-Z][A-Z0-9_]*)-(\d+)$/i.exec(key.trim());
  return m === null ? null : { project: (m[1] ?? '').toUpperCase(), number: Number(m[2]) };
}
