import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import { Box, Inline, Text } from '@atlaskit/primitives/compiled';
import { useMemo, type ReactNode } from 'react';
import { axisDay } from '../../../common/chart-parts';
import { Loading, Section } from '../../../common/components';
import { ErrorPanel } from '../../../common/error-panel';
import { Refreshing } from '../../../common/refreshing';
import { useCall } from '../../../common/use-call';
import type { ReviewChoice } from '../page-view';
import { UnavailableNotice } from '../streams/unavailable-notice';
import { MonthsView } from './months-view';
import { ReviewControls } from './review-controls';
import { openDrillDown } from '../drill-down';
import { DebtSection } from './debt-section';
import { WhereWorkWaitsView } from './where-work-waits';
import { TeamDebtTable } from './team-debt-table';
import { ReviewRecord } from './review-record';
import { ReviewsPanel } from './reviews-panel';

const styles = cssMap({ scroll: { overflowX: 'auto' } });

export function StreamReview(props: {
  streamId: string;
  choice: ReviewChoice;
  onChoose: (next: ReviewChoice) => void;
}): ReactNode {
  const { choice, onChoose } = props;
  if (choice.reviewId !== null)
    return (
      <ReviewRecord
        reviewId={choice.reviewId}
        onClose={() => {
          onChoose({ ...choice, reviewId: null });
        }}
      />
    );
  return <LiveStreamReview {...props} />;
}

/**
 * A value stream's monthly review: the stream's months, each judged signal or noise, where the
 * latest one's work waited across its spaces, and each team's debt share against its own band.
 */
function LiveStreamReview({
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
      <ReviewsPanel
        scope={{ streamId }}
        by={choice.by}
        periods={choice.periods}
        latest={latest?.label ?? null}
        onOpen={(reviewId) => {
          onChoose({ ...choice, reviewId });
        }}
      />
      {state.status === 'loading' && <Loading label="Reading the stream's spaces over the periods…" />}
      {state.status === 'done' && !state.result.ok && (
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      )}
      {answer?.status === 'refreshing' && <Refreshing name={answer.stream.name} view={answer} poll={poll} />}
      {view !== null && (
        <>
          <UnavailableNotice unavailable={view.unavailable} shown={view.teams.length} />
          <MonthsView
            periods={view.periods}
            trends={view.trends}
            period={view.period}
            onOpenPeriod={(p) => {
              openDrillDown({
                count: { kind: 'completed' },
                stream: { streamId, from: p.from, to: p.to, trendPeriod: view.period },
              });
            }}
          />
          {view.waits !== null && <WhereWorkWaitsView waits={view.waits} when={when} />}
          {view.teams.length > 0 && (
            <Section title={`Debt share of each team in ${when}`}>
              <Box xcss={styles.scroll} data-print="wrap">
                <TeamDebtTable teams={view.teams} />
              </Box>
            </Section>
          )}
          {latest !== undefined && (
            <DebtSection
              periods={view.periods}
              kind={view.period}
              source={{ streamId }}
              since={latest.from}
            />
          )}
        </>
      )}
    </>
  );
}
