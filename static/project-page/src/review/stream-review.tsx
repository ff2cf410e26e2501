import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Text } from '@atlaskit/primitives/compiled';
import { useMemo, type ReactNode } from 'react';
import type { TeamSnapshot } from '../../../../src/domain/flow-review';
import { TEAM_COLUMNS, teamRow } from '../../../../src/presentation/review-tables';
import { axisDay } from '../../../common/chart-parts';
import { Loading, Section } from '../../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';
import { ErrorPanel } from '../../../common/error-panel';
import { Refreshing } from '../../../common/refreshing';
import { useCall } from '../../../common/use-call';
import type { ReviewChoice } from '../page-view';
import { UnavailableNotice } from '../streams/unavailable-notice';
import { MonthsView } from './months-view';
import { ReviewControls } from './review-controls';
import { WhereWorkWaitsView } from './where-work-waits';

const styles = cssMap({ scroll: { overflowX: 'auto' } });

/**
 * A value stream's monthly review: the stream's months, each judged signal or noise, where the
 * latest one's work waited across its spaces, and each team's debt share against its own band.
 */
export function StreamReview({
  streamId,
  choice,
  onChoose,
}: {
  streamId: string;
  choice: ReviewChoice;
  onChoose: (next: ReviewChoice) => void;
}): ReactNode {
  const payload = useMemo(
    () => ({ streamId, periods: choice.periods, period: choice.by }),
    [streamId, choice],
  );
  const { state, reload, poll } = useCall('getStreamPeriods', payload);
  const answer = state.status === 'done' && state.result.ok ? state.result.data : null;
  const view = answer?.status === 'ready' ? answer : null;
  const first = view?.periods[0];
  const latest = view?.periods.at(-1);
  const when = latest === undefined || view === null ? '' : axisDay(latest.label, view.period);
  return (
    <>
      <header>
        <Inline shouldWrap spread="space-between" space="space.100" alignBlock="end">
          <div>
            <Heading size="large" as="h1">
              {choice.by === 'month' ? 'Month over month' : 'Week over week'}
              {view !== null ? `: ${view.stream.name}` : ''}
            </Heading>
            {first !== undefined && latest !== undefined && (
              <Text as="p" color="color.text.subtle">
                {first.from} to {latest.to}, the last {view?.periods.length} complete {choice.by}s
              </Text>
            )}
          </div>
          <Inline shouldWrap space="space.100" alignBlock="end">
            <ReviewControls value={choice} onChange={onChoose} />
            <Button onClick={reload}>Refresh</Button>
          </Inline>
        </Inline>
      </header>
      {state.status === 'loading' && <Loading label="Reading the stream's spaces over the periods…" />}
      {state.status === 'done' && !state.result.ok && (
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      )}
      {answer?.status === 'refreshing' && <Refreshing name={answer.stream.name} view={answer} poll={poll} />}
      {view !== null && (
        <>
          <UnavailableNotice unavailable={view.unavailable} shown={view.teams.length} />
          <MonthsView periods={view.periods} trends={view.trends} period={view.period} />
          {view.waits !== null && <WhereWorkWaitsView waits={view.waits} when={when} />}
          {view.teams.length > 0 && (
            <Section title={`Debt share of each team in ${when}`}>
              <Box xcss={styles.scroll}>
                <TeamDebtTable teams={view.teams} />
              </Box>
            </Section>
          )}
        </>
      )}
    </>
  );
}

/** Each team's debt share of the latest period against its own band. */
export function TeamDebtTable({ teams }: { teams: readonly TeamSnapshot[] }): ReactNode {
  return (
    <DataTable label="Debt share of each team" small>
      <HeadRow columns={TEAM_COLUMNS} />
      <tbody>
        {teams.map((t) => {
          const [head, completed, share, teamBand, against] = teamRow(t);
          return (
            <tr key={t.space.key}>
              <RowHead>{head}</RowHead>
              <Cell align="end">{completed}</Cell>
              <Cell align="end">{share}</Cell>
              <Cell>{teamBand}</Cell>
              <Cell>
                {against === '–' ? (
                  against
                ) : (
                  <Lozenge appearance={against === 'within' ? 'success' : 'moved'}>{against}</Lozenge>
                )}
              </Cell>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
