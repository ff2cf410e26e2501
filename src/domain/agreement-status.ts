import { formatCivilDate, isoWeekStart, parseCivilDate, type CivilDay, type Zone } from './calendar';
import type { AgreementScores, AgreementStatus, AttentionReason, DebtAgreement } from './agreement';
import type { Instant } from './types';

/**
 * An agreement's status at a moment, and the values Jira indexes beside it
 * (docs/debt-agreements.md#status). Days are civil days of the project's zone, so that a change of
 * daylight saving time moves no due date or review.
 */

/** Due this many days from today, or sooner, is due soon. */
export const DUE_SOON_DAYS = 14;

/** What the epic holds: the property (parsed, or not parseable) and whether the label is on it. */
export type StoredAgreement =
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly problem: string }
  | { readonly kind: 'agreement'; readonly agreement: DebtAgreement };

export interface AgreementReading {
  readonly status: AgreementStatus;
  /** Why an invalid agreement is invalid, in words; null otherwise. */
  readonly problem: string | null;
}

/** The day the agreement is next to be reviewed: the last review (or the creation) plus the cadence. */
export function nextReviewDay(
  agreement: Pick<DebtAgreement, 'lastReviewedAt' | 'createdAt' | 'reviewCadenceDays'>,
  zone: Zone,
): string {
  const since = Date.parse(agreement.lastReviewedAt ?? agreement.createdAt);
  return formatCivilDate(zone.dayOf(since) + agreement.reviewCadenceDays);
}

/** The status of a readable agreement at `now`. */
export function agreementStatus(agreement: DebtAgreement, zone: Zone, now: Instant): AgreementStatus {
  if (agreement.state === 'repaid') return 'repaid';
  if (agreement.state === 'cancelled') return 'cancelled';
  const today = zone.dayOf(now);
  const due = agreement.dueDate === null ? null : parseCivilDate(agreement.dueDate);
  if (due !== null && due < today) return 'overdue';
  if (due !== null && due <= today + DUE_SOON_DAYS) return 'due-soon';
  const review = parseCivilDate(nextReviewDay(agreement, zone));
  if (review !== null && today >= review) return 'review-due';
  return 'on-track';
}

/** The last civil day of the ISO week (Monday to Sunday) that holds `now`: "this week". */
export function lastDayOfWeek(zone: Zone, now: Instant): CivilDay {
  return isoWeekStart(zone.dayOf(now)) + 6;
}

/**
 * Why an open agreement needs the team this week (docs/debt-agreements.md#needs-the-team-this-week),
 * in the order of `ATTENTION_REASONS`: past its due date, due by the end of the week, or its review
 * falls in the week or before. One agreement may have several reasons, which a single status
 * cannot say: an agreement due soon is due for review too, and a reminder must find it by either.
 */
export function attentionThisWeek(
  agreement: Pick<DebtAgreement, 'state' | 'dueDate' | 'lastReviewedAt' | 'createdAt' | 'reviewCadenceDays'>,
  zone: Zone,
  now: Instant,
): AttentionReason[] {
  if (agreement.state !== 'open') return [];
  const today = zone.dayOf(now);
  const weekEnd = lastDayOfWeek(zone, now);
  const due = agreement.dueDate === null ? null : parseCivilDate(agreement.dueDate);
  const review = parseCivilDate(nextReviewDay(agreement, zone));
  const reasons: AttentionReason[] = [];
  if (due !== null && due < today) reasons.push('overdue');
  else if (due !== null && due <= weekEnd) reasons.push('due-this-week');
  if (review !== null && review <= weekEnd) reasons.push('review-this-week');
  return reasons;
}

/** The status of what an epic holds, with the label: the two must agree, or it is invalid. */
export function readAgreement(
  stored: StoredAgreement,
  hasLabel: boolean,
  zone: Zone,
  now: Instant,
): AgreementReading | null {
  switch (stored.kind) {
    case 'none':
      return hasLabel
        ? {
            status: 'invalid',
            problem: 'The epic has the tech-debt-agreement label but no agreement is recorded.',
          }
        : null;
    case 'unreadable':
      return { status: 'invalid', problem: `The recorded agreement cannot be read: ${stored.problem}` };
    case 'agreement':
      if (!hasLabel)
        return {
          status: 'invalid',
          problem: 'The agreement is recorded, but the epic lacks the tech-debt-agreement label.',
        };
      return { status: agreementStatus(stored.agreement, zone, now), problem: null };
  }
}

/** Weighted shortest job first: (impact + risk + time to value) ÷ effort, when all four are given. */
export function wsjfScore(scores: AgreementScores): number | null {
  const { impact, effort, risk, timeToValue } = scores;
  if (impact === null || effort === null || risk === null || timeToValue === null || effort === 0)
    return null;
  return Math.round(((impact + risk + timeToValue) / effort) * 100) / 100;
}

/** The values written into the property for Jira's index, from the rest of the record. */
export function indexedValues(
  agreement: Omit<DebtAgreement, IndexedKey>,
  zone: Zone,
  now: Instant,
): Pick<DebtAgreement, IndexedKey> {
  const base = { ...agreement, status: 'on-track' as const, nextReviewDate: '', score: null, attention: [] };
  return {
    status: agreementStatus(base, zone, now),
    nextReviewDate: nextReviewDay(agreement, zone),
    score: wsjfScore(agreement.scores),
    attention: attentionThisWeek(agreement, zone, now),
  };
}

/** The values derived for Jira's index, which the daily refresh keeps current. */
export type IndexedKey = 'status' | 'nextReviewDate' | 'score' | 'attention';

/** Whether two records differ in what Jira indexes from them. */
export function indexedValuesDiffer(
  a: Pick<DebtAgreement, IndexedKey>,
  b: Pick<DebtAgreement, IndexedKey>,
): boolean {
  return (
    a.status !== b.status ||
    a.nextReviewDate !== b.nextReviewDate ||
    a.score !== b.score ||
    a.attention.join(',') !== b.attention.join(',')
  );
}
