import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import { Box, Inline, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useMemo, type ReactNode } from 'react';
import type { FlowPeriodsView, StreamPeriodsView } from '../../../../src/contract';
import type { PeriodFigures } from '../../../../src/domain/period-figures';
import { periodName } from '../../../../src/presentation/figure-words';
import { Loading, Section } from '../../../common/components';
import { ErrorPanel } from '../../../common/error-panel';
import { Refreshing } from '../../../common/refreshing';
import { useCall } from '../../../common/use-call';
import { openDrillDown } from '../drill-down';
import type { ReviewChoice } from '../page-view';
import { UnavailableNotice } from '../streams/unavailable-notice';
import { DebtSection } from './debt-section';
import { MonthsView } from './months-view';
import { ReviewControls } from './review-controls';
import { ReviewRecord } from './review-record';
import { ReviewsPanel } from './reviews-panel';
import { TeamDebtTable } from './team-debt-table';
import { WhereWorkWaitsView } from './where-work-waits';

const styles = cssMap({
  tab: { paddingBlockStart: token('space.200'), width: '100%', minWidth: '0' },
  scroll: { overflowX: 'auto' },
});

/** What a review is of: a space, or a value stream. */
export type ReviewScopeChoice = { readonly projectKey: string } | { readonly streamId: string };

/**
 * The Monthly review tab of a space or a value stream (docs/flow-review.md): a saved review when
 * the URL names one, else the live figures with the reviews recorded and the start of the next.
 */
export function ReviewTab(props: {
  scope: ReviewScopeChoice;
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
  return <LiveReview {...props} />;
}

/**
 * The last complete months (or weeks), each metric judged signal or noise, where the latest one's
 * work waited, its debt, and for a stream each team's debt share.
 */
function LiveReview({
  scope,
  choice,
  onChoose,
}: {
  scope: ReviewScopeChoice;
  choice: ReviewChoice;
  onChoose: (next: ReviewChoice) => void;
}): ReactNode {
  const payload = useMemo(() => ({ ...scope, periods: choice.periods, period: choice.by }), [scope, choice]);
  const { state, reload, poll } = useCall(
    'streamId' in scope ? 'getStreamPeriods' : 'getFlowPeriods',
    payload,
  );
  const answer = state.status === 'done' && state.result.ok ? state.result.data : null;
  const view = answer?.status === 'ready' ? answer : null;
  const first = view?.periods[0];
  const latest = view?.periods.at(-1);
  const what = 'streamId' in scope ? "the stream's spaces" : "the space's work items";
  return (
    <Box xcss={styles.tab}>
      <header>
        <Inline shouldWrap spread="space-between" space="space.100" alignBlock="end">
          <div>
            <Heading size="large" as="h1">
              {choice.by === 'month' ? 'Month over month' : 'Week over week'}
              {view !== null ? `: ${'stream' in view ? view.stream.name : view.project.name}` : ''}
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
        scope={scope}
        by={choice.by}
        periods={choice.periods}
        latest={latest?.label ?? null}
        onOpen={(reviewId) => {
          onChoose({ ...choice, reviewId });
        }}
      />
      {state.status === 'loading' && <Loading label={`Reading ${what} over the periods…`} />}
      {state.status === 'done' && !state.result.ok && (
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      )}
      {answer?.status === 'refreshing' && (
        <Refreshing
          name={'stream' in answer ? answer.stream.name : answer.project.name}
          view={answer}
          poll={poll}
        />
      )}
      {view !== null && latest !== undefined && <LiveFigures scope={scope} view={view} latest={latest} />}
    </Box>
  );
}

function LiveFigures({
  scope,
  view,
  latest,
}: {
  scope: ReviewScopeChoice;
  view: FlowPeriodsView | StreamPeriodsView;
  latest: PeriodFigures;
}): ReactNode {
  const when = periodName(latest.label, view.period);
  const teams = 'teams' in view ? view : null;
  return (
    <>
      {teams !== null && <UnavailableNotice unavailable={teams.unavailable} shown={teams.teams.length} />}
      <MonthsView
        periods={view.periods}
        trends={view.trends}
        period={view.period}
        onOpenPeriod={(p) => {
          const window = { from: p.from, to: p.to, trendPeriod: view.period };
          openDrillDown(
            'streamId' in scope
              ? { count: { kind: 'completed' }, stream: { streamId: scope.streamId, ...window } }
              : { count: { kind: 'completed' }, payload: { projectKey: scope.projectKey, ...window } },
          );
        }}
      />
      {view.waits !== null && <WhereWorkWaitsView waits={view.waits} when={when} />}
      {teams !== null && teams.teams.length > 0 && (
        <Section title={`Debt share of each team in ${when}`}>
          <Box xcss={styles.scroll} data-print="wrap">
            <TeamDebtTable teams={teams.teams} />
          </Box>
        </Section>
      )}
      <DebtSection
        periods={view.periods}
        kind={view.period}
        source={'streamId' in scope ? scope : { projectKeys: [scope.projectKey] }}
        since={latest.from}
      />
    </>
  );
}
