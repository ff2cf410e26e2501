import type { RegisterView } from '../contract';
import { csvCell } from './report-csv';

/** The register as CSV, one agreement a line, in the register's order (the page and the resolver alike). */
export function formatRegisterCsv(view: RegisterView): { filename: string; csv: string } {
  const header = [
    'key',
    'summary',
    'project',
    'status',
    'state',
    'reason',
    'interest',
    'visibility',
    'score',
    'dueDate',
    'nextReviewDate',
    'owner',
    'repaymentDone',
    'repaymentOpen',
    'forecast85',
    'atRisk',
    'epicFlowTimeP85',
    'projectFlowTimeP85',
  ];
  const lines = [header.join(',')];
  for (const r of view.rows) {
    const forecast = r.forecast?.kind === 'forecast' ? r.forecast : null;
    lines.push(
      [
        r.key,
        r.summary,
        r.projectKey,
        r.status,
        r.state,
        r.reason,
        r.interest,
        r.visibility,
        r.score,
        r.dueDate,
        r.nextReviewDate,
        r.owner?.displayName ?? r.owner?.accountId ?? null,
        r.progress?.done ?? null,
        r.progress?.open ?? null,
        forecast?.date ?? null,
        forecast?.atRisk === null || forecast === null ? null : String(forecast.atRisk),
        r.evidence?.epic.flowTimeP85 ?? null,
        r.evidence?.project.flowTimeP85 ?? null,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return {
    filename: `debt-agreements-${view.projectKeys.join('-')}-${view.asOf.slice(0, 10)}.csv`,
    csv: lines.join('\n') + '\n',
  };
}
