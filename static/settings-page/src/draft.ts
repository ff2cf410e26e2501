import type { FlowSettings, IsoWeekday } from '../../../src/domain/settings';
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
}

const list = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

const pct = (fraction: number | null): string =>
  fraction === null ? '' : String(Math.round(fraction * 1000) / 10);

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
  };
}

/** A fraction from a percentage the person typed; NaN (refused by the resolver) when it is not a number. */
function fraction(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  return Number(t.replace('%', '')) / 100;
}

export function toSettings(d: Draft): FlowSettingsInput {
  const targets: NonNullable<FlowSettingsInput['targets']> = {};
  for (const type of ['feature', 'defect', 'risk', 'debt'] as const) {
    const min = fraction(d.targets[type].min);
    const max = fraction(d.targets[type].max);
    if (min !== null || max !== null) targets[type] = { min, max };
  }
  return {
    flowItemLevel: d.flowItemLevel,
    typeRules: d.rules.map((r) => ({ type: r.type, labels: list(r.labels), issueTypes: list(r.issueTypes) })),
    statusOverrides: d.overrides
      .filter((o) => o.status.trim() !== '')
      .map((o) => ({
        statusId: o.by === 'id' ? o.status.trim() : null,
        statusName: o.by === 'name' ? o.status.trim() : null,
        state: o.state,
      })),
    waitingStatusKeywords: list(d.waitingKeywords),
    canceledResolutionKeywords: list(d.canceledKeywords),
    targets,
    timeZone: d.timeZone,
    workingCalendar: {
      enabled: d.workingDays,
      nonWorkingWeekdays: d.nonWorkingWeekdays,
      holidays: list(d.holidays),
    },
    trendPeriod: d.trendPeriod,
    agreementReviewCadenceDays: Number(d.reviewCadenceDays),
  };
}
