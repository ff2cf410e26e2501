import type { ReviewDecisionView, ReviewView } from '../contract';
import { formatCivilDate, Zone } from '../domain/calendar';
import { days, METRIC_LOOKS, periodName } from './figure-words';
import {
  kindsWords,
  mostWaitingWords,
  periodColumns,
  periodRow,
  TEAM_COLUMNS,
  teamRow,
  WAIT_COLUMNS,
  waitRow,
  type Column,
} from './review-tables';

/**
 * A review as Markdown, to paste into Confluence, a retro board or a chat (docs/flow-review.md#the-pack):
 * the same words and figures as the page, from the same rows (src/presentation/review-tables.ts).
 * What people wrote is escaped, so that it reads as they wrote it and cannot become markup.
 */

/** Text inside a line (a cell, a name) as Markdown shows it: every character of markup escaped. */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

/** People's text as Markdown shows it: markup escaped, and a line that would start a list or a heading too. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
      .replace(/^(\s*)([-+=])/gm, '$1\\$2')
      // An ordered list's number needs its period (or parenthesis) escaped, not its digits.
      .replace(/^(\s*\d+)([.)])/gm, '$1\\$2')
  );
}

function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cell = escapeInline;
  return [
    `| ${columns.map((c) => cell(c.name)).join(' | ')} |`,
    `| ${columns.map((c) => (c.align === 'end' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

function decisionLine(d: ReviewDecisionView): string {
  const parts = [escapeInline(d.text)];
  if (d.owner !== null)
    parts.push(`owner: ${escapeInline(d.owner.displayName ?? 'a person hidden from you')}`);
  if (d.item !== null)
    parts.push(
      d.item.visible
        ? `${d.item.key} (${escapeInline(d.item.status)})`
        : `${d.item.key} (not visible to you)`,
    );
  return parts.join(' — ');
}

export function formatReviewMarkdown(review: ReviewView): string {
  const { snapshot, period } = review;
  const kind = snapshot.period;
  const when = periodName(period.label, kind);
  const first = snapshot.periods[0];
  const out: string[] = [];
  out.push(`# Flow review: ${escapeInline(review.scope.name)}, ${when}`);
  out.push(
    `${kind === 'month' ? 'Month over month' : 'Week over week'}, ${first === undefined ? when : periodName(first.label, kind)} to ${when} (${snapshot.periods.length} complete ${kind}s). Figures as they were when the review was started on ${formatCivilDate(new Zone(snapshot.timeZone).dayOf(Date.parse(review.createdAt)))} by ${escapeInline(review.createdBy.displayName ?? 'a person hidden from you')}.`,
  );
  out.push('## What changed');
  const signals = snapshot.trends.filter((t) => t.behaviour.kind === 'signal');
  out.push(
    [...signals, ...snapshot.trends.filter((t) => t.behaviour.kind !== 'signal')]
      .map((t) => `- ${t.words}`)
      .join('\n'),
  );
  const latest = snapshot.periods.at(-1);
  if (latest?.littlesLaw.stable === false)
    out.push(
      `> The flow was not stable in ${when}: the average load and the throughput expect a flow time of ${days(latest.littlesLaw.expectedDays)} (Little's Law), but items took ${days(latest.littlesLaw.observedDays)} on average.`,
    );
  out.push(`## Figures ${kind} by ${kind}`);
  out.push(
    table(
      periodColumns(kind),
      snapshot.periods.map((p) => periodRow(p, kind)),
    ),
  );
  out.push(
    `Latest ${kind}: ${snapshot.trends.map((t) => `${METRIC_LOOKS[t.metric].title} ${METRIC_LOOKS[t.metric].format(t.values.at(-1) ?? null)}`).join('; ')}.`,
  );
  if (snapshot.waits !== null) {
    out.push(`## Where work waited in ${when}`);
    const most = mostWaitingWords(snapshot.waits);
    out.push(
      `${most === null ? 'No flow time waited.' : `**${escapeInline(most)}**, the step where most of it waits, over the ${snapshot.waits.items} completed items.`} ${kindsWords(snapshot.waits)}`,
    );
    out.push(
      table(
        WAIT_COLUMNS,
        snapshot.waits.steps.map((s) => waitRow(s)),
      ),
    );
  }
  if (snapshot.teams.length > 0) {
    out.push(`## Debt share of each team in ${when}`);
    out.push(
      table(
        TEAM_COLUMNS,
        snapshot.teams.map((t) => teamRow(t)),
      ),
    );
  }
  if (review.previous !== null) {
    out.push(`## Decisions of the review of ${periodName(review.previous.period.label, kind)}`);
    out.push(
      review.previous.decisions.length === 0
        ? 'None were recorded.'
        : review.previous.decisions.map((d) => `- ${decisionLine(d)}`).join('\n'),
    );
  }
  out.push('## Observations');
  out.push(review.observations === '' ? 'None were recorded.' : escapeMarkdown(review.observations));
  out.push('## Decisions');
  out.push(
    review.decisions.length === 0
      ? 'None were recorded.'
      : review.decisions.map((d, i) => `${i + 1}. ${decisionLine(d)}`).join('\n'),
  );
  return out.join('\n\n') + '\n';
}
