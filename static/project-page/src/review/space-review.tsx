import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import { Box, Inline, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useMemo, type ReactNode } from 'react';
import { axisDay } from '../../../common/chart-parts';
import { Loading } from '../../../common/components';
import { ErrorPanel } from '../../../common/error-panel';
import { Refreshing } from '../../../common/refreshing';
import { useCall } from '../../../common/use-call';
import type { ReviewChoice } from '../page-view';
import { MonthsView } from './months-view';
import { ReviewControls } from './review-controls';
import { openDrillDown } from '../drill-down';
import { DebtSection } from './debt-section';
import { WhereWorkWaitsView } from './where-work-waits';
import { ReviewRecord } from './review-record';
import { ReviewsPanel } from './reviews-panel';

const styles = cssMap({
  tab: { paddingBlockStart: token('space.200'), width: '100%', minWidth: '0' },
});

export function SpaceReview(props: {
  projectKey: string;
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
  return <LiveSpaceReview {...props} />;
}

/**
 * A space's monthly review: its last complete months (or weeks), each metric judged signal or
 * noise, and where the latest one's work waited.
 */
function LiveSpaceReview({
  projectKey,
  choice,
  onChoose,
}: {
  projectKey: string;
  choice: ReviewChoice;
  onChoose: (next: ReviewChoice) => void;
}): ReactNode {
  const payload = useMemo(
    () => ({ projectKey, periods: choice.periods, period: choice.by }),
    [projectKey, choice],
  );
  const { state, reload, poll } = useCall('getFlowPeriods', payload);
  const answer = state.status === 'done' && state.result.ok ? state.result.data : null;
  const view = answer?.status === 'ready' ? answer : null;
  const first = view?.periods[0];
  const latest = view?.periods.at(-1);
  return (
    <Box xcss={styles.tab}>
      <header>
        <Inline shouldWrap spread="space-between" space="space.100" alignBlock="end">
          <div>
            <Heading size="large" as="h1">
              {choice.by === 'month' ? 'Month over month' : 'Week over week'}
              {view !== null ? `: ${view.project.name}` : ''}
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
        scope={{ projectKey }}
        by={choice.by}
        periods={choice.periods}
        latest={latest?.label ?? null}
        onOpen={(reviewId) => {
          onChoose({ ...choice, reviewId });
        }}
      />
      {state.status === 'loading' && <Loading label="Reading the space's work items over the periods…" />}
      {state.status === 'done' && !state.result.ok && (
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      )}
      {answer?.status === 'refreshing' && <Refreshing name={answer.project.name} view={answer} poll={poll} />}
      {view !== null && (
        <>
          <MonthsView
            periods={view.periods}
            trends={view.trends}
            period={view.period}
            onOpenPeriod={(p) => {
              openDrillDown({
                count: { kind: 'completed' },
                payload: { projectKey, from: p.from, to: p.to, trendPeriod: view.period },
              });
            }}
          />
          {view.waits !== null && latest !== undefined && (
            <WhereWorkWaitsView waits={view.waits} when={axisDay(latest.label, view.period)} />
          )}
          {latest !== undefined && (
            <DebtSection
              periods={view.periods}
              kind={view.period}
              source={{ projectKeys: [projectKey] }}
              since={latest.from}
            />
          )}
        </>
      )}
    </Box>
  );
}
