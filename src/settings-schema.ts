import { z } from 'zod';
import { isValidTimeZone, parseCivilDate } from './domain/calendar';
import { DEFAULT_SETTINGS, type FlowSettings } from './domain/settings';
import { FLOW_STATES, FLOW_TYPES } from './domain/types';

/**
 * The settings as they cross a boundary (a settings file, a resolver payload, storage): strict, so
 * that a misspelt key is an error rather than a silently ignored rule, and bounded in size.
 * Every key is optional; what is absent keeps its default (docs/flow-metrics.md).
 */

const name = z.string().trim().min(1).max(255);
const fraction = z.number().min(0).max(1);

const typeRuleSchema = z.strictObject({
  type: z.enum(FLOW_TYPES),
  labels: z.array(name).max(100).default([]),
  issueTypes: z.array(name).max(100).default([]),
});

const statusOverrideSchema = z
  .strictObject({
    statusId: name.nullable().default(null),
    statusName: name.nullable().default(null),
    state: z.enum(FLOW_STATES),
  })
  .refine((o) => o.statusId !== null || o.statusName !== null, {
    message: 'a status override names a statusId or a statusName',
  });

const targetBandSchema = z
  .strictObject({ min: fraction.nullable().default(null), max: fraction.nullable().default(null) })
  .refine((b) => b.min === null || b.max === null || b.min <= b.max, {
    message: 'the least (min) is above the most (max)',
  });

const civilDate = z
  .string()
  .refine((s) => parseCivilDate(s) !== null, { message: 'not a date (YYYY-MM-DD)' });

export const flowSettingsSchema = z.strictObject({
  flowItemLevel: z.union([z.literal(0), z.literal(1)]).default(DEFAULT_SETTINGS.flowItemLevel),
  typeRules: z
    .array(typeRuleSchema)
    .max(50)
    .default(() =>
      DEFAULT_SETTINGS.typeRules.map((r) => ({ ...r, labels: [...r.labels], issueTypes: [...r.issueTypes] })),
    ),
  statusOverrides: z.array(statusOverrideSchema).max(500).default([]),
  waitingStatusKeywords: z
    .array(name)
    .max(50)
    .default([...DEFAULT_SETTINGS.waitingStatusKeywords]),
  canceledResolutionKeywords: z
    .array(name)
    .max(50)
    .default([...DEFAULT_SETTINGS.canceledResolutionKeywords]),
  targets: z
    .strictObject({
      feature: targetBandSchema.optional(),
      defect: targetBandSchema.optional(),
      risk: targetBandSchema.optional(),
      debt: targetBandSchema.optional(),
    })
    .default({ ...DEFAULT_SETTINGS.targets }),
  timeZone: z
    .string()
    .max(64)
    .refine(isValidTimeZone, {
      message: 'not a time zone this runtime knows (IANA name, e.g. Europe/Berlin)',
    })
    .default(DEFAULT_SETTINGS.timeZone),
  workingCalendar: z
    .strictObject({
      enabled: z.boolean().default(false),
      nonWorkingWeekdays: z
        .array(
          z.union([
            z.literal(1),
            z.literal(2),
            z.literal(3),
            z.literal(4),
            z.literal(5),
            z.literal(6),
            z.literal(7),
          ]),
        )
        .max(6)
        .default([6, 7]),
      holidays: z.array(civilDate).max(2000).default([]),
    })
    .default({ enabled: false, nonWorkingWeekdays: [6, 7], holidays: [] }),
  trendPeriod: z.enum(['week', 'month']).default(DEFAULT_SETTINGS.trendPeriod),
  agreementReviewCadenceDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(DEFAULT_SETTINGS.agreementReviewCadenceDays),
  agreementRepayWithinDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(DEFAULT_SETTINGS.agreementRepayWithinDays),
});

export type FlowSettingsInput = z.input<typeof flowSettingsSchema>;

const TYPE_WORDS: Readonly<Record<string, string>> = {
  feature: 'Features',
  defect: 'Defects',
  risk: 'Risks',
  debt: 'Debts',
};

/**
 * A settings field as the settings page names it, from its path in the settings value: a person
 * fixing a form reads "Debts target, at least", not `targets.debt.min`.
 */
export function settingsFieldName(path: readonly PropertyKey[]): string {
  const [head, second, third] = path;
  const index = typeof second === 'number' ? second + 1 : null;
  switch (head) {
    case undefined:
      return 'Settings';
    case 'flowItemLevel':
      return 'Flow items are';
    case 'typeRules':
      if (index === null) return 'Type rules';
      return `Type rule ${index}${third === 'labels' ? ', labels' : third === 'issueTypes' ? ', work types' : third === 'type' ? ', type' : ''}`;
    case 'statusOverrides':
      return index === null ? 'Pinned statuses' : `Pinned status ${index}`;
    case 'waitingStatusKeywords':
      return 'Waiting words';
    case 'canceledResolutionKeywords':
      return 'Resolutions that mean canceled';
    case 'targets': {
      if (typeof second !== 'string') return 'Targets';
      const type = TYPE_WORDS[second] ?? second;
      return `${type} target${third === 'min' ? ', at least' : third === 'max' ? ', at most' : ''}`;
    }
    case 'timeZone':
      return 'Time zone';
    case 'workingCalendar':
      return second === 'holidays'
        ? 'Holidays'
        : second === 'nonWorkingWeekdays'
          ? 'Days off'
          : 'Count working days only';
    case 'trendPeriod':
      return 'Trend by';
    case 'agreementReviewCadenceDays':
      return 'Review debt agreements every (days)';
    case 'agreementRepayWithinDays':
      return 'Repay debt agreements within (days)';
    default:
      return String(head);
  }
}

/** Parses settings; the result is a complete `FlowSettings` with defaults filled in. */
export function parseFlowSettings(
  value: unknown,
): { ok: true; settings: FlowSettings } | { ok: false; error: string } {
  const parsed = flowSettingsSchema.safeParse(value);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const first = parsed.error.issues[0];
  const path = first?.path ?? [];
  // A settings file is JSON its author edits by key: both the words and the key help.
  const where = path.length === 0 ? 'settings' : `${settingsFieldName(path)} (${path.map(String).join('.')})`;
  return { ok: false, error: `${where}: ${first?.message ?? 'invalid settings'}` };
}
