import { parseCivilDate } from '../../../src/domain/calendar';
import type { FlowSettings, IsoWeekday, StatusOverride } from '../../../src/domain/settings';
import type { FlowSettingsInput } from '../../../src/settings-schema';
import type { FlowState, FlowType } from '../../../src/domain/types';

/**
 * The settings as the form edits them: text where people type lists, percentages where they think
 * in percentages. `toSettings` turns a draft back into the settings the resolver validates.
 */
export interface Draft {
  flowItemLevel: 0 | 1;
  rules: { type: FlowType; labels: string; issueTypes: string }[];
  overrides: { by: 'name' | 'id'; status: string; state: FlowState }[];
  waitingKeywords: string;
  canceledKeywords: string;
  targets: Record<FlowType, { min: string; max: string }>;
  timeZone: string;
  workingDays: boolean;
  nonWorkingWeekdays: IsoWeekday[];
  holidays: string;
  trendPeriod: 'week' | 'month';
  reviewCadenceDays: string;
  repayWithinDays: string;
}

const list = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

const pct = (fraction: number | null): string =>
  fraction === null ? '' : String(Math.round(fraction * 1000) / 10);

/** The draft's pins as settings: what a status maps to while the form is being edited. */
export function draftStatusOverrides(d: Draft): StatusOverride[] {
  return d.overrides
    .filter((o) => o.status.trim() !== '')
    .map((o) => ({
      statusId: o.by === 'id' ? o.status.trim() : null,
      statusName: o.by === 'name' ? o.status.trim() : null,
      state: o.state,
    }));
}

/** The draft's type rules as settings: what the preview classifies with while they are typed. */
export function draftTypeRules(d: Draft): { type: FlowType; labels: string[]; issueTypes: string[] }[] {
  return d.rules.map((r) => ({ type: r.type, labels: list(r.labels), issueTypes: list(r.issueTypes) }));
}

export function draftWaitingKeywords(d: Draft): string[] {
  return list(d.waitingKeywords);
}

export function toDraft(s: FlowSettings): Draft {
  const band = (t: FlowType): { min: string; max: string } => ({
    min: pct(s.targets[t]?.min ?? null),
    max: pct(s.targets[t]?.max ?? null),
  });
  return {
    flowItemLevel: s.flowItemLevel,
    rules: s.typeRules.map((r) => ({
      type: r.type,
      labels: r.labels.join(', '),
      issueTypes: r.issueTypes.join(', '),
    })),
    overrides: s.statusOverrides.map((o) =>
      o.statusId !== null
        ? { by: 'id', status: o.statusId, state: o.state }
        : { by: 'name', status: o.statusName ?? '', state: o.state },
    ),
    waitingKeywords: s.waitingStatusKeywords.join(', '),
    canceledKeywords: s.canceledResolutionKeywords.join(', '),
    targets: { feature: band('feature'), defect: band('defect'), risk: band('risk'), debt: band('debt') },
    timeZone: s.timeZone,
    workingDays: s.workingCalendar.enabled,
    nonWorkingWeekdays: [...s.workingCalendar.nonWorkingWeekdays],
    holidays: s.workingCalendar.holidays.join(', '),
    trendPeriod: s.trendPeriod,
    reviewCadenceDays: String(s.agreementReviewCadenceDays),
    repayWithinDays: String(s.agreementRepayWithinDays),
  };
}

/** The form's fields that can hold a value that does not parse, by the id of their input. */
export type DraftErrors = Readonly<Record<string, string>>;

export type DraftResult =
  | { readonly ok: true; readonly settings: FlowSettingsInput }
  | { readonly ok: false; readonly errors: DraftErrors };

export const targetFieldId = (type: FlowType, bound: 'min' | 'max'): string => `target-${type}-${bound}`;

/**
 * A share of completed work typed as a percentage: "10", "12.5" or "10 %". A value between 0 and
 * 1 is refused rather than guessed at: "0.1" may mean 10 % to someone who thinks in fractions.
 */
function percentage(text: string): { value: number | null } | { error: string } {
  const t = text.trim().replace(/\s*%$/, '');
  if (t === '') return { value: null };
  const n = Number(t);
  if (!/^\d+(\.\d+)?$/.test(t) || !Number.isFinite(n) || n > 100)
    return { error: 'Enter a percentage from 0 to 100, such as 15.' };
  if (n > 0 && n < 1) {
    const meant = Math.round(n * 1000) / 10;
    return { error: `Targets are percentages: for ${meant} % type ${meant}, not ${t}.` };
  }
  return { value: Math.round(n * 10) / 1000 };
}

/**
 * Turns the form back into the settings the resolver validates, or says, field by field, what
 * does not parse: nothing is sent while anything does not.
 */
export function toSettings(d: Draft): DraftResult {
  const errors: Record<string, string> = {};
  const targets: NonNullable<FlowSettingsInput['targets']> = {};
  for (const type of ['feature', 'defect', 'risk', 'debt'] as const) {
    const min = percentage(d.targets[type].min);
    const max = percentage(d.targets[type].max);
    if ('error' in min) errors[targetFieldId(type, 'min')] = min.error;
    if ('error' in max) errors[targetFieldId(type, 'max')] = max.error;
    if ('value' in min && 'value' in max) {
      if (min.value !== null && max.value !== null && min.value > max.value)
        errors[targetFieldId(type, 'max')] = 'The most cannot be below the least.';
      else if (min.value !== null || max.value !== null) targets[type] = { min: min.value, max: max.value };
    }
  }
  const days = (text: string, field: string): number => {
    const t = text.trim();
    const n = Number(t);
    if (!/^\d+$/.test(t) || n < 1 || n > 3650) errors[field] = 'Enter a whole number of days from 1 to 3650.';
    return n;
  };
  const cadenceDays = days(d.reviewCadenceDays, 'cadence');
  const repayWithinDays = days(d.repayWithinDays, 'repay-within');
  const holidays = list(d.holidays);
  // The domain's own date rule, the one the server applies: Date.parse takes 2013-02-30 as 2 March.
  const notDates = holidays.filter((h) => parseCivilDate(h) === null);
  if (notDates.length > 0)
    errors.holidays = `Not a date as YYYY-MM-DD: ${notDates.slice(0, 3).join(', ')}${notDates.length > 3 ? ', …' : ''}`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      flowItemLevel: d.flowItemLevel,
      typeRules: draftTypeRules(d),
      statusOverrides: draftStatusOverrides(d),
      waitingStatusKeywords: draftWaitingKeywords(d),
      canceledResolutionKeywords: list(d.canceledKeywords),
      targets,
      timeZone: d.timeZone,
      workingCalendar: {
        enabled: d.workingDays,
        nonWorkingWeekdays: d.nonWorkingWeekdays,
        holidays,
      },
      trendPeriod: d.trendPeriod,
      agreementReviewCadenceDays: cadenceDays,
      agreementRepayWithinDays: repayWithinDays,
    },
  };
}
