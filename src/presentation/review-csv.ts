import type { ReviewView } from '../contract';
import { FLOW_TYPES } from '../domain/types';
import { csvCell } from './report-csv';

/**
 * A review's figures as long-form CSV, one figure a row (`section,metric,type,period,value`), as
 * the page's export is: every period's figures, each metric's judgement, the time in each status
 * of the reviewed period and, for a stream, each team's debt share. An empty value is "not defined".
 */
export function formatReviewCsv(review: ReviewView): string {
  const rows: (string | number | null)[][] = [['section', 'metric', 'type', 'period', 'value']];
  const add = (
    section: string,
    metric: string,
    type: string,
    period: string,
    value: string | number | null,
  ): void => {
    rows.push([section, metric, type, period, value]);
  };
  const { snapshot } = review;
  for (const p of snapshot.periods) {
    add('velocity', 'completed', '', p.label, p.velocity.total);
    for (const t of FLOW_TYPES) add('velocity', 'completed', t, p.label, p.velocity.byType[t]);
    for (const t of FLOW_TYPES)
      add('distribution', 'completed', t, p.label, p.velocity.total === 0 ? null : p.distribution[t]);
    add('flowTime', 'p50', '', p.label, p.flowTime.p50);
    add('flowTime', 'p85', '', p.label, p.flowTime.p85);
    add('flowTime', 'mean', '', p.label, p.flowTime.mean);
    add('flowEfficiency', 'ratio', '', p.label, p.flowEfficiency);
    add('load', 'dailyAverage', '', p.label, p.averageLoad);
    add('debt', 'share', '', p.label, p.debtShare);
    add('debt', 'bandMin', '', p.label, p.debtBand?.min ?? null);
    add('debt', 'bandMax', '', p.label, p.debtBand?.max ?? null);
    add('littlesLaw', 'expectedDays', '', p.label, p.littlesLaw.expectedDays);
    add('littlesLaw', 'observedDays', '', p.label, p.littlesLaw.observedDays);
  }
  const latest = review.period.label;
  for (const t of snapshot.trends) {
    add(
      'behaviour',
      t.metric,
      '',
      latest,
      t.behaviour.kind === 'signal' ? `signal ${t.behaviour.direction}` : t.behaviour.kind,
    );
    add('limits', `${t.metric}.centre`, '', latest, t.limits?.centre ?? null);
    add('limits', `${t.metric}.upper`, '', latest, t.limits?.upper ?? null);
    add('limits', `${t.metric}.lower`, '', latest, t.limits?.lower ?? null);
  }
  for (const s of snapshot.waits?.steps ?? []) {
    add('timeInStatus', 'days', s.name, latest, s.days);
    add('timeInStatus', 'share', s.name, latest, s.share);
    add('timeInStatus', 'waitingDays', s.name, latest, s.waitDays);
    add('timeInStatus', 'items', s.name, latest, s.items);
    add('timeInStatus', 'p50Days', s.name, latest, s.p50Days);
    add('timeInStatus', 'p85Days', s.name, latest, s.p85Days);
  }
  for (const team of snapshot.teams) {
    add('team', 'completed', team.space.key, latest, team.figures.velocity.total);
    add(
      'team',
      'debtShare',
      team.space.key,
      latest,
      team.figures.velocity.total === 0 ? null : team.figures.distribution.debt,
    );
    add('team', 'debtStatus', team.space.key, latest, team.figures.debt?.status ?? null);
  }
  return rows.map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}
