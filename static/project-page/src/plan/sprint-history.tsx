import SectionMessage from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { ReactNode } from 'react';
import type { SprintHistoryView } from '../../../../src/contract-plan';
import { IssueLink, Loading, Section, Subtle } from '../../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';
import { ErrorPanel } from '../../../common/error-panel';
import { percent } from '../../../common/format';
import { useCall } from '../../../common/use-call';
import { PAYMENT_WORDS } from '../../../common/agreement-words';
import {
  closedDates,
  droppedPayments,
  FINAL_MEMBERSHIP_NOTE,
  HISTORY_TRUNCATED_NOTE,
  mixWords,
} from './plan-words';

/**
 * What the board's closed sprints planned and completed: read when the plan is, as its own call,
 * so that a slow history does not hold up the plan a team is making now.
 */
export function SprintHistory({ boardId }: { boardId: number }): ReactNode {
  const { state } = useCall('getSprintHistory', { boardId });
  return (
    <Section title="Closed sprints">
      {state.status === 'loading' && <Loading label="Reading the board's closed sprints…" />}
      {state.status === 'done' && !state.result.ok && (
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      )}
      {state.status === 'done' && state.result.ok && <HistoryFigures history={state.result.data} />}
    </Section>
  );
}

export function HistoryFigures({ history }: { history: SprintHistoryView }): ReactNode {
  if (history.sprints.length === 0)
    return <Subtle block>The board has no closed sprint yet, so there is no history to show.</Subtle>;
  const unknown = history.sprints.filter((s) => s.source === 'final-membership');
  return (
    <Stack space="space.200">
      {unknown.length > 0 && (
        <SectionMessage appearance="information" title="Scope at start is unknown">
          <p>
            {FINAL_MEMBERSHIP_NOTE} Sprints read this way: {unknown.map((s) => s.sprint.name).join(', ')}.
          </p>
        </SectionMessage>
      )}
      {history.truncated && (
        <SectionMessage appearance="warning" title="Not every work item was read">
          <p>{HISTORY_TRUNCATED_NOTE}</p>
        </SectionMessage>
      )}
      <DataTable label="Closed sprints, newest first" small>
        <HeadRow
          columns={[
            { name: 'Sprint' },
            { name: 'Dates' },
            { name: 'Planned at start' },
            { name: 'Completed' },
            { name: 'Added', align: 'end' },
            { name: 'Removed', align: 'end' },
            { name: 'Not completed', align: 'end' },
            { name: 'Debt planned, not done' },
          ]}
        />
        <tbody>
          {history.sprints.map((s) => {
            const known = s.source === 'changelog';
            return (
              <tr key={s.sprint.id}>
                <RowHead>{s.sprint.name}</RowHead>
                <Cell>{closedDates(s)}</Cell>
                <Cell>
                  {mixWords(s.planned)}
                  {!known && <Subtle> (final membership)</Subtle>}
                </Cell>
                <Cell>{mixWords(s.completed)}</Cell>
                <Cell align="end">{known ? s.added : `at least ${s.added}`}</Cell>
                <Cell align="end">{known ? s.removed : 'unknown'}</Cell>
                <Cell align="end">{s.notCompleted}</Cell>
                <Cell>
                  {s.debtNotDone.length === 0
                    ? 'none'
                    : s.debtNotDone.map((d, i) => (
                        <span key={d.key}>
                          {i > 0 && ', '}
                          <IssueLink issueKey={d.key} />
                        </span>
                      ))}
                </Cell>
              </tr>
            );
          })}
        </tbody>
      </DataTable>
      <LedgerBySprint ledger={history.ledger} />
    </Stack>
  );
}

/**
 * Minimum payments sprint by sprint: the debt share planned at each sprint's start beside the
 * share of what it completed, so a team sees whether it plans its payments and then drops them.
 */
export function LedgerBySprint({ ledger }: { ledger: SprintHistoryView['ledger'] }): ReactNode {
  if (ledger === null)
    return (
      <Subtle block>No minimum debt share is set for this space, so there are no payments to follow.</Subtle>
    );
  return (
    <div>
      <Text as="p" weight="bold">
        Minimum payments by sprint: at least {percent(ledger.minimum)} of each sprint's work items are debts
      </Text>
      <Text as="p">{droppedPayments(ledger.rows)}</Text>
      <DataTable label="Minimum payments by sprint" width="medium" small>
        <HeadRow
          columns={[
            { name: 'Sprint' },
            { name: 'Planned share', align: 'end' },
            { name: 'Planned payment' },
            { name: 'Completed share', align: 'end' },
            { name: 'Completed payment' },
          ]}
        />
        <tbody>
          {ledger.rows.map((r) => (
            <tr key={r.sprintId}>
              <RowHead>{r.sprintName}</RowHead>
              <Cell align="end">
                {r.planned.payment === 'nothing-completed' ? '–' : percent(r.planned.share)}
              </Cell>
              <Cell>{PLANNED_PAYMENT_WORDS[r.planned.payment]}</Cell>
              <Cell align="end">
                {r.completed.payment === 'nothing-completed' ? '–' : percent(r.completed.share)}
              </Cell>
              <Cell>{PAYMENT_WORDS[r.completed.payment]}</Cell>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}

// A plan's payment: the same verdict, but nothing was *completed* at a plan's start; an empty plan
// is "nothing planned".
const PLANNED_PAYMENT_WORDS = {
  made: PAYMENT_WORDS.made,
  missed: PAYMENT_WORDS.missed,
  'nothing-completed': 'Nothing planned',
} as const;
