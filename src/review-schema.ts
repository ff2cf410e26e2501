import { z } from 'zod';
import { plainText } from './text-schema';
import { REVIEW_LIMITS, type ReviewDecision, type ReviewSnapshot } from './domain/flow-review';
import { REVIEW_METRICS } from './domain/period-figures';

/**
 * A monthly review as the review page sends it and as storage keeps it (docs/flow-review.md):
 * observations and decisions in plain text, bounded after control characters are taken out; the
 * frozen figures read back through a schema of their own, since storage is a boundary too.
 */

/** A review's id, or a decision's: chosen by the page, so that a retry names the same one. */
export const reviewIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'not a review id');

const issueKeySchema = z
  .string()
  .trim()
  .max(80)
  .regex(/^[A-Za-z][A-Za-z0-9_]*-\d+$/, 'not a work item key')
  .transform((k) => k.toUpperCase());

const accountIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9:_-]+$/, 'not an account id');

export const decisionSchema = z.strictObject({
  id: reviewIdSchema,
  text: plainText(REVIEW_LIMITS.decisionText, 'A decision', true),
  ownerAccountId: accountIdSchema.nullable().default(null),
  issueKey: issueKeySchema.nullable().default(null),
});

/**
 * What the meeting writes: observations and decisions. A save names what it changes; what it
 * leaves out stays as stored (a save of the observations alone keeps the decisions and their links).
 */
export const reviewContentSchema = z.strictObject({
  observations: plainText(REVIEW_LIMITS.observations, 'The observations', false).optional(),
  decisions: z
    .array(decisionSchema)
    .max(REVIEW_LIMITS.decisions, `a review holds at most ${REVIEW_LIMITS.decisions} decisions`)
    .refine((d) => new Set(d.map((x) => x.id)).size === d.length, 'each decision is named once')
    .optional(),
});

export type ReviewContentInput = z.input<typeof reviewContentSchema>;
export type ReviewContent = z.output<typeof reviewContentSchema>;

// The frozen figures, as src/domain/period-figures.ts and time-in-status.ts make them.
const num = z.number();
const nullableNum = z.number().nullable();
const byType = z.object({ feature: num, defect: num, risk: num, debt: num });
const periodFiguresSchema = z.object({
  label: z.string(),
  from: z.string(),
  to: z.string(),
  velocity: z.object({ total: num, byType }),
  distribution: byType,
  flowTime: z.object({ p50: nullableNum, p85: nullableNum, mean: nullableNum }),
  flowEfficiency: nullableNum,
  averageLoad: num,
  debtShare: nullableNum,
  debtBand: z.object({ min: nullableNum, max: nullableNum }).nullable(),
  littlesLaw: z.object({
    expectedDays: nullableNum,
    observedDays: nullableNum,
    ratio: nullableNum,
    stable: z.boolean().nullable(),
  }),
});
const behaviourSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('too-few') }),
  z.object({ kind: z.literal('no-value') }),
  z.object({ kind: z.literal('noise') }),
  z.object({
    kind: z.literal('signal'),
    direction: z.enum(['up', 'down']),
    reason: z.enum(['beyond-limits', 'large-jump', 'run']),
  }),
]);
const trendSchema = z.object({
  metric: z.enum(REVIEW_METRICS),
  values: z.array(nullableNum),
  behaviour: behaviourSchema,
  limits: z
    .object({ centre: num, averageMovingRange: num, upper: num, lower: nullableNum, upperRange: num })
    .nullable(),
  words: z.string(),
});
const share = z.object({ days: num, share: num });
const waitsSchema = z.object({
  items: num,
  flowDays: num,
  steps: z.array(
    z.object({
      step: z.string(),
      name: z.string(),
      category: z.enum(['new', 'indeterminate', 'done']),
      state: z.enum(['new', 'waiting', 'active', 'done']),
      waiting: z.boolean(),
      items: num,
      days: num,
      share: num,
      waitDays: num,
      waitShare: num,
      p50Days: num,
      p85Days: num,
    }),
  ),
  kinds: z.object({ active: share, flagged: share, waiting: share, done: share }),
  mostWaiting: z.object({ step: z.string(), name: z.string(), share: num }).nullable(),
});
const teamSchema = z.object({
  space: z.object({ id: z.string(), key: z.string(), name: z.string() }),
  usesDefaults: z.boolean(),
  figures: z.object({
    velocity: z.object({ total: num, byType }),
    distribution: byType,
    flowTime: z.object({ p50: nullableNum, p85: nullableNum, count: num }),
    flowEfficiency: nullableNum,
    load: z.object({ dailyAverage: num, atAsOf: num }),
    canceled: num,
    debt: z
      .object({
        type: z.enum(['feature', 'defect', 'risk', 'debt']),
        min: nullableNum,
        max: nullableNum,
        actual: num,
        status: z.enum(['below', 'within', 'above']),
        actualInProgress: num,
      })
      .nullable(),
  }),
});

export const snapshotSchema: z.ZodType<ReviewSnapshot> = z.object({
  period: z.enum(['week', 'month']),
  periods: z.array(periodFiguresSchema).min(1).max(12),
  trends: z.array(trendSchema),
  waits: waitsSchema.nullable(),
  teams: z.array(teamSchema),
  targetsAgreed: z.boolean(),
  timeZone: z.string().max(64),
  unavailable: z.number().int().min(0),
});

const storedDecisionSchema: z.ZodType<ReviewDecision> = z.object({
  id: z.string(),
  text: z.string().max(REVIEW_LIMITS.decisionText),
  ownerAccountId: z.string().nullable(),
  issueKey: z.string().nullable(),
});

/** A review as storage keeps it, in the entity's `review` attribute. */
export const storedReviewSchema = z.object({
  scope: z.object({ kind: z.enum(['space', 'stream']), id: z.string() }),
  /** The space's or the stream's name when the review was started. */
  name: z.string(),
  /** The spaces its figures cover: a reader must be able to browse every one to see it. */
  spaceIds: z.array(z.string()).min(1).max(50),
  snapshot: snapshotSchema,
  observations: z.string().max(REVIEW_LIMITS.observations),
  decisions: z.array(storedDecisionSchema).max(REVIEW_LIMITS.decisions),
  /** A work item being created for a decision: who asked, and when (a lease against a second one). */
  creating: z
    .object({ decisionId: z.string(), by: z.string(), at: z.string(), writeId: z.string() })
    .nullable()
    .default(null),
});

export type StoredReviewBody = z.output<typeof storedReviewSchema>;
