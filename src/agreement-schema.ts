import { z } from 'zod';
import {
  AGREEMENT_SCHEMA_VERSION,
  AGREEMENT_STATES,
  AGREEMENT_STATUSES,
  ATTENTION_REASONS,
  DEBT_REASONS,
  HISTORY_ACTIONS,
  IMPACT_AREAS,
  INTEREST_LEVELS,
  REPAYMENT_STYLES,
  TERM_KEYS,
  TEXT_LIMITS,
  VISIBILITY_LEVELS,
  type AgreementTerms,
  type DebtAgreement,
} from './domain/agreement';
import { parseCivilDate } from './domain/calendar';
import { parseJiraDateTime } from './jira/datetime';

/**
 * A debt agreement as it crosses a boundary (docs/debt-agreements.md#the-record): the terms a form
 * sends (strict, bounded: a 100 kB text is refused here, whatever the page let through), and the
 * record read back from the epic's property, which anyone who may edit the epic can overwrite with
 * anything, so it is parsed as strictly as it was written.
 */

const civilDate = z.string().refine((s) => parseCivilDate(s) !== null, 'not a date (YYYY-MM-DD)');
const instant = z.string().refine((s) => parseJiraDateTime(s) !== null, 'not an ISO date-time');
const accountId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9:_-]+$/, 'not an Atlassian account id');
const text = (max: number) => z.string().max(max, `at most ${max} characters`);
const score = z.number().int().min(1).max(5).nullable();

const scoresSchema = z.strictObject({
  impact: score.default(null),
  effort: score.default(null),
  risk: score.default(null),
  timeToValue: score.default(null),
});

export const agreementTermsSchema = z.strictObject({
  reason: z.enum(DEBT_REASONS),
  reasonDetail: text(TEXT_LIMITS.reasonDetail).nullable().default(null),
  impact: text(TEXT_LIMITS.impact),
  impactAreas: z.array(z.enum(IMPACT_AREAS)).max(IMPACT_AREAS.length).default([]),
  interest: z.enum(INTEREST_LEVELS),
  visibility: z.enum(VISIBILITY_LEVELS),
  outcome: text(TEXT_LIMITS.outcome),
  repayment: z.enum(REPAYMENT_STYLES),
  dueDate: civilDate.nullable().default(null),
  trigger: text(TEXT_LIMITS.trigger).nullable().default(null),
  reviewCadenceDays: z.number().int().min(1).max(3650),
  owner: accountId.nullable().default(null),
  scores: scoresSchema.default({ impact: null, effort: null, risk: null, timeToValue: null }),
}) satisfies z.ZodType<AgreementTerms>;

const historyEntrySchema = z.strictObject({
  at: instant,
  by: z.string().max(128),
  action: z.enum(HISTORY_ACTIONS),
  changes: z.array(z.enum(TERM_KEYS)).max(TERM_KEYS.length),
  note: text(TEXT_LIMITS.note).nullable(),
});

/** The stored record, schema version 1. */
export const storedAgreementSchema = agreementTermsSchema.extend({
  schemaVersion: z.literal(AGREEMENT_SCHEMA_VERSION),
  revision: z.number().int().min(1),
  state: z.enum(AGREEMENT_STATES),
  createdAt: instant,
  createdBy: z.string().max(128),
  updatedAt: instant,
  updatedBy: z.string().max(128),
  lastReviewedAt: instant.nullable(),
  lastReviewedBy: z.string().max(128).nullable(),
  repaidAt: instant.nullable(),
  history: z.array(historyEntrySchema).max(50),
  writeId: z.string().max(64),
  // Absent from records written before digests: such a write is recognised by its revision alone.
  writeDigest: z.string().max(64).default(''),
  status: z.enum(AGREEMENT_STATUSES),
  nextReviewDate: civilDate,
  score: z.number().nullable(),
  // Absent from records written before it; the daily refresh writes it.
  attention: z.array(z.enum(ATTENTION_REASONS)).max(ATTENTION_REASONS.length).default([]),
}) satisfies z.ZodType<DebtAgreement>;

/** The stored value as the domain sees it: an agreement, or why it cannot be read. */
export function parseStoredAgreement(
  value: unknown,
):
  | { readonly ok: true; readonly agreement: DebtAgreement }
  | { readonly ok: false; readonly problem: string } {
  const parsed = storedAgreementSchema.safeParse(value);
  if (parsed.success) return { ok: true, agreement: parsed.data };
  const first = parsed.error.issues[0];
  const where =
    first === undefined || first.path.length === 0 ? 'the value' : first.path.map(String).join('.');
  return { ok: false, problem: `${where}: ${first?.message ?? 'not an agreement'}` };
}
