import type { AgreementStatus, Interest, Visibility } from './agreement';
import { compareIssueKeys } from './data-quality';

/**
 * The order of the register (docs/debt-agreements.md#score-and-rank): open agreements by how much
 * they call for attention, then those that need a repair, then the closed ones.
 */

export interface RankedFields {
  readonly key: string;
  readonly status: AgreementStatus;
  readonly interest: Interest | null;
  readonly visibility: Visibility | null;
  readonly score: number | null;
  readonly dueDate: string | null;
}

const GROUP: Readonly<Record<AgreementStatus, number>> = {
  overdue: 0,
  'due-soon': 1,
  'review-due': 1,
  'on-track': 1,
  invalid: 2,
  repaid: 3,
  cancelled: 4,
};
const INTEREST_ORDER: Readonly<Record<Interest, number>> = { high: 0, medium: 1, low: 2 };
const VISIBILITY_ORDER: Readonly<Record<Visibility, number>> = { core: 0, frequent: 1, rare: 2 };

export function compareForRegister(a: RankedFields, b: RankedFields): number {
  return (
    GROUP[a.status] - GROUP[b.status] ||
    (a.interest === null ? 3 : INTEREST_ORDER[a.interest]) -
      (b.interest === null ? 3 : INTEREST_ORDER[b.interest]) ||
    (a.visibility === null ? 3 : VISIBILITY_ORDER[a.visibility]) -
      (b.visibility === null ? 3 : VISIBILITY_ORDER[b.visibility]) ||
    (b.score ?? -Infinity) - (a.score ?? -Infinity) ||
    compareDue(a.dueDate, b.dueDate) ||
    compareIssueKeys(a.key, b.key)
  );
}

function compareDue(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

export function rankRegister<T extends RankedFields>(entries: readonly T[]): T[] {
  return [...entries].sort(compareForRegister);
}
