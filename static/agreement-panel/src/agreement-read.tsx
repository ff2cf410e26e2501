import Lozenge from '@atlaskit/lozenge';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { AgreementView, AgreementWriteResult } from '../../../src/contract';
import type { Forecast } from '../../../src/domain/agreement-forecast';
import type { DebtAgreement, HistoryAction } from '../../../src/domain/agreement';
import { formatCivilDate, Zone } from '../../../src/domain/calendar';
import type { FlowFigures, InterestEvidence } from '../../../src/domain/interest-evidence';
import {
  AREA_WORDS,
  INTEREST_WORDS,
  REASON_WORDS,
  REPAYMENT_WORDS,
  STATUS_WORDS,
  TERM_WORDS,
  VISIBILITY_WORDS,
} from '../../common/agreement-words';
import { IssueLink, Section } from '../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../common/data-table';
import { days, percent, plural } from '../../common/format';
import { AgreementActions } from './agreement-actions';

const HISTORY_WORDS: Readonly<Record<HistoryAction, string>> = {
  created: 'recorded the agreement',
  edited: 'edited',
  reviewed: 'reviewed it',
  repaid: 'marked it repaid',
  cancelled: 'cancelled it',
  reopened: 'reopened it',
};

// Atlaskit's CSS reset gives a caption the size of a heading; these are labels of their tables.
const styles = cssMap({
  list: { marginBlock: token('space.0'), paddingInlineStart: token('space.250') },
  table: { borderCollapse: 'collapse' },
  caption: { textAlign: 'start', paddingBlockEnd: token('space.050') },
  termName: {
    textAlign: 'start',
    verticalAlign: 'top',
    paddingInlineEnd: token('space.150'),
    fontWeight: token('font.weight.medium'),
  },
  // What a person typed keeps its line breaks.
  termValue: { whiteSpace: 'pre-wrap', paddingBlockEnd: token('space.050') },
});

/** How many repayment items are listed before the rest are counted. */
const ITEMS_LISTED = 15;

/** A recorded agreement: its status, its terms, how its repayment stands, and what can be done with it. */
export function AgreementRead({
  view,
  onWritten,
  onEdit,
  onReload,
}: {
  view: AgreementView;
  onWritten: (result: AgreementWriteResult) => void;
  onEdit: () => void;
  onReload: () => void;
}): ReactNode {
  const agreement = view.agreement;
  if (agreement === null) return null;
  const zone = new Zone(view.timeZone);
  const dayOf = (iso: string): string => formatCivilDate(zone.dayOf(Date.parse(iso)));
  const status = STATUS_WORDS[view.status ?? agreement.status];
  const personName = (accountId: string | null): string =>
    accountId === null ? 'no one' : (view.people[accountId] ?? 'someone you cannot see');

  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Lozenge appearance={status.appearance}>{status.label}</Lozenge>
        <Text color="color.text.subtle">
          {agreement.state === 'open'
            ? `Next review ${agreement.nextReviewDate}`
            : agreement.state === 'repaid' && agreement.repaidAt !== null
              ? `Repaid on ${dayOf(agreement.repaidAt)}`
              : 'No longer meant to be repaid'}
          {' · '}Owner:{' '}
          {view.owner === null ? 'no one' : (view.owner.displayName ?? 'someone you cannot see')}
        </Text>
      </Inline>
      {view.progress?.allDone === true && agreement.state === 'open' && (
        <SectionMessage appearance="success" title="Every repayment item is done">
          <Text>Mark the agreement repaid, so that the register and the reminders stop counting it.</Text>
        </SectionMessage>
      )}
      <Terms agreement={agreement} />
      {view.canEdit && (
        <AgreementActions
          view={view}
          agreement={agreement}
          onWritten={onWritten}
          onEdit={onEdit}
          onReload={onReload}
        />
      )}
      <Section title="Repayment">
        <Repayment view={view} />
      </Section>
      {view.evidence !== null && (
        <Section title="Interest: what it costs in flow">
          <Evidence evidence={view.evidence} />
        </Section>
      )}
      <Section title="History">
        <Box as="ol" xcss={styles.list}>
          {[...agreement.history].reverse().map((entry) => (
            <li key={`${entry.at}-${entry.action}`}>
              {dayOf(entry.at)}: {personName(entry.by)} {HISTORY_WORDS[entry.action]}
              {entry.changes.length > 0 &&
                ` (${entry.changes.map((c) => TERM_WORDS[c].toLowerCase()).join(', ')})`}
              {entry.note !== null && <Text color="color.text.subtle"> — {entry.note}</Text>}
            </li>
          ))}
        </Box>
        <Text size="small" color="color.text.subtle">
          Recorded {dayOf(agreement.createdAt)}; the newest entries are kept.
        </Text>
      </Section>
    </Stack>
  );
}

function Terms({ agreement }: { agreement: DebtAgreement }): ReactNode {
  const row = (label: string, value: ReactNode): ReactNode => (
    <tr>
      <Box as="th" scope="row" xcss={styles.termName}>
        {label}
      </Box>
      <Box as="td" xcss={styles.termValue}>
        {value}
      </Box>
    </tr>
  );
  const s = agreement.scores;
  return (
    <Box as="table" xcss={styles.table}>
      <Box as="caption" xcss={styles.caption}>
        <Heading size="xsmall" as="span">
          The agreement
        </Heading>
      </Box>
      <tbody>
        {row(
          'Reason',
          agreement.reasonDetail === null
            ? REASON_WORDS[agreement.reason]
            : `${REASON_WORDS[agreement.reason]}: ${agreement.reasonDetail}`,
        )}
        {row('Impact', agreement.impact)}
        {agreement.impactAreas.length > 0 &&
          row('Impact areas', agreement.impactAreas.map((a) => AREA_WORDS[a]).join(', '))}
        {row('Interest', INTEREST_WORDS[agreement.interest])}
        {row('Visibility', VISIBILITY_WORDS[agreement.visibility])}
        {row('Business outcome', agreement.outcome)}
        {row('Repayment', REPAYMENT_WORDS[agreement.repayment])}
        {row('Due', agreement.dueDate ?? 'no date')}
        {agreement.trigger !== null && row('Trigger', agreement.trigger)}
        {row('Review every', plural(agreement.reviewCadenceDays, 'day'))}
        {(s.impact ?? s.effort ?? s.risk ?? s.timeToValue) !== null &&
          row(
            'Scores',
            `impact ${s.impact ?? '–'}, effort ${s.effort ?? '–'}, risk ${s.risk ?? '–'}, time to value ${s.timeToValue ?? '–'}` +
              (agreement.score === null ? '' : ` · WSJF ${agreement.score.toFixed(2)}`),
          )}
      </tbody>
    </Box>
  );
}

function Repayment({ view }: { view: AgreementView }): ReactNode {
  const progress = view.progress;
  if (progress === null || progress.items.length === 0)
    return (
      <Text as="p" color="color.text.subtle">
        No child of this epic is classified as debt yet, so there is nothing to count. Add the repayment work
        as the epic's children.
      </Text>
    );
  return (
    <Stack space="space.100">
      <Text as="p">
        {progress.done} of {plural(progress.items.length, 'repayment item')} done, {progress.open} open.
      </Text>
      <Box as="ul" xcss={styles.list}>
        {progress.items.slice(0, ITEMS_LISTED).map((item) => (
          <li key={item.key}>
            <IssueLink issueKey={item.key} /> {item.summary}{' '}
            {item.done && <Lozenge appearance="success">Done</Lozenge>}
          </li>
        ))}
      </Box>
      {progress.items.length > ITEMS_LISTED && (
        <Text color="color.text.subtle">and {progress.items.length - ITEMS_LISTED} more.</Text>
      )}
      {view.forecast !== null && (
        <ForecastLine
          forecast={view.forecast}
          due={view.agreement?.dueDate ?? null}
          overdue={view.status === 'overdue'}
        />
      )}
    </Stack>
  );
}

function ForecastLine({
  forecast,
  due,
  overdue,
}: {
  forecast: Forecast;
  due: string | null;
  /** Past its due date already: not at risk of it, but late. */
  overdue: boolean;
}): ReactNode {
  if (forecast.kind === 'nothing-left') return null;
  if (forecast.kind === 'cannot-forecast')
    return (
      <Text as="p" color="color.text.subtle">
        No forecast: {forecast.reason}
      </Text>
    );
  const open =
    forecast.remaining === 1 ? 'the open item is' : `the ${plural(forecast.remaining, 'open item')} are`;
  const line = `At the space's debt pace of the last twelve weeks, ${open} done by ${forecast.date} in 85 of 100 simulated futures (${plural(forecast.weeks, 'week')}).`;
  if (overdue)
    return (
      <SectionMessage appearance="error" title={`Overdue since ${due ?? ''}; expected by ${forecast.date}`}>
        <Text>{line}</Text>
      </SectionMessage>
    );
  if (forecast.atRisk === true)
    return (
      <SectionMessage appearance="warning" title={`At risk: due ${due ?? ''}, expected by ${forecast.date}`}>
        <Text>{line}</Text>
      </SectionMessage>
    );
  return <Text as="p">{line}</Text>;
}

/** What the epic's row counted (src/domain/interest-evidence.ts#epicWorkItems). */
const EPIC_SOURCE_WORDS = {
  children: 'This epic: its work items',
  'sub-tasks': 'This epic: the sub-tasks under it, where its work sits',
  none: 'This epic: nothing under it yet',
} as const;

const EVIDENCE_COLUMNS = [
  { name: '' },
  { name: 'Items', align: 'end' },
  { name: 'Flow time p50', align: 'end' },
  { name: 'p85', align: 'end' },
  { name: 'Efficiency', align: 'end' },
] as const;

function Evidence({ evidence }: { evidence: InterestEvidence }): ReactNode {
  const row = (name: string, f: FlowFigures | null): ReactNode => (
    <tr key={name}>
      <RowHead>{name}</RowHead>
      {f === null ? (
        <td colSpan={4} />
      ) : (
        <>
          <Cell align="end">{f.count}</Cell>
          <Cell align="end">{days(f.flowTimeP50)}</Cell>
          <Cell align="end">{days(f.flowTimeP85)}</Cell>
          <Cell align="end">{percent(f.efficiency)}</Cell>
        </>
      )}
    </tr>
  );
  const r = evidence.repayment;
  return (
    <DataTable caption={`Completed work, ${evidence.from} to ${evidence.to}`}>
      <HeadRow columns={EVIDENCE_COLUMNS} />
      <tbody>
        {row(EPIC_SOURCE_WORDS[evidence.epicSource], evidence.epic)}
        {row('The project', evidence.project)}
        {r !== null && row(`Project before repayment (${r.before.from} to ${r.before.to})`, r.before)}
        {r !== null &&
          row(
            r.after === null
              ? `Project after repayment (from ${r.repaidOn}): not yet`
              : `Project after repayment (${r.after.from} to ${r.after.to})`,
            r.after,
          )}
      </tbody>
    </DataTable>
  );
}
