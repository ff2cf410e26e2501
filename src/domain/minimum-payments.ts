import type { FlowReport } from './flow-report';

/**
 * The minimum-payments ledger (docs/debt-agreements.md#minimum-payments): the debt band's minimum
 * is the team's minimum payment, and each trend period's debt share of completed work either makes
 * it or misses it.
 */

export type Payment = 'made' | 'missed' | 'nothing-completed';

export interface LedgerPeriod {
  readonly period: string;
  readonly completed: number;
  readonly debt: number;
  readonly share: number;
  readonly payment: Payment;
}

export interface MinimumPaymentsLedger {
  /** The minimum payment, a fraction of completed work. */
  readonly minimum: number;
  readonly periods: readonly LedgerPeriod[];
  /** The latest run of periods that had completed work: made or missed, and how many in a row. */
  readonly run: { readonly payment: 'made' | 'missed'; readonly periods: number } | null;
}

/** Null when the project's debt band has no minimum: there is no payment to make. */
export function minimumPayments(report: FlowReport): MinimumPaymentsLedger | null {
  const minimum = report.targets.find((t) => t.type === 'debt')?.min ?? null;
  if (minimum === null) return null;
  return ledgerOf(
    minimum,
    report.trend.map((e) => ({
      period: e.period,
      completed: e.velocity.total,
      debt: e.velocity.byType.debt,
    })),
  );
}

/**
 * Each period's payment against the minimum, and the latest run of made or missed ones: the
 * trend's periods for the register, a review's months for the review.
 */
export function ledgerOf(
  minimum: number,
  entries: readonly { readonly period: string; readonly completed: number; readonly debt: number }[],
): MinimumPaymentsLedger {
  const periods = entries.map(({ period, completed, debt }): LedgerPeriod => {
    const share = completed === 0 ? 0 : debt / completed;
    return {
      period,
      completed,
      debt,
      share,
      payment: completed === 0 ? 'nothing-completed' : share >= minimum ? 'made' : 'missed',
    };
  });
  const judged = periods.filter((p) => p.payment !== 'nothing-completed');
  const last = judged[judged.length - 1];
  let run: MinimumPaymentsLedger['run'] = null;
  if (last !== undefined && last.payment !== 'nothing-completed') {
    let count = 0;
    for (let i = judged.length - 1; i >= 0 && judged[i]?.payment === last.payment; i--) count++;
    run = { payment: last.payment, periods: count };
  }
  return { minimum, periods, run };
}
