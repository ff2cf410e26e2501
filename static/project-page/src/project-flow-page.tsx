import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import { Box, Inline, Text } from '@atlaskit/primitives/compiled';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { token } from '@atlaskit/tokens';
import { useCallback, useMemo, type ReactNode } from 'react';
import type { FlowCount } from '../../../src/domain/flow-counts';
import { formatItemsCsv } from '../../../src/presentation/items-csv';
import { formatCsv } from '../../../src/presentation/report-csv';
import { call } from '../../common/bridge';
import { Loading, Page, PageLoading } from '../../common/components';
import { download } from '../../common/download';
import { ErrorPanel } from '../../common/error-panel';
import { dayIn, plural } from '../../common/format';
import { Refreshing } from '../../common/refreshing';
import { useCall } from '../../common/use-call';
import { useViewHistory } from '../../common/use-view-history';
import { DebtRegisterTab } from './debt-register-tab';
import { PlanTab } from './plan/plan-tab';
import { ReviewTab } from './review/review-tab';
import { ExportItems } from './export-items';
import { openDrillDown } from './drill-down';
import { FlowFigures } from './flow-figures';
import { formatView, parseView, type PageView } from './page-view';
import { TrendSelect } from '../../common/trend-select';
import { WindowPicker } from './window-picker';

/**
 * The project page: where the team's capacity went over a window, against its targets, and the
 * technical-debt agreements that compete with the rest for it. What it shows (the tab, the window,
 * the trend period) is kept in the page's history: a reload keeps it, a link shares it, Back
 * returns to the view before.
 */
const styles = cssMap({
  // A tab panel lays its content out as a flex item, which grows to its widest unbreakable part
  // unless told it may be narrower: the page would then overflow the frame, cut at its edge.
  tab: { paddingBlockStart: token('space.200'), width: '100%', minWidth: '0' },
});

const TABS = ['flow', 'review', 'agreements', 'plan'] as const;

export function ProjectTabs({ projectKey }: { projectKey: string }): ReactNode {
  const { ready, view, show } = useViewHistory(parseView, formatView);
  if (!ready) return <PageLoading label="Opening the page…" />;
  // Only the chosen tab is read: each costs Jira calls, and most visits need one.
  return (
    <Page as="main">
      <Tabs
        id="project-tabs"
        selected={TABS.indexOf(view.tab)}
        onChange={(index) => {
          show({ ...view, tab: TABS[index] ?? 'flow' });
        }}
      >
        <TabList>
          <Tab>Flow</Tab>
          <Tab>Monthly review</Tab>
          <Tab>Debt agreements</Tab>
          <Tab>Plan</Tab>
        </TabList>
        <TabPanel>
          {view.tab === 'flow' && <ProjectFlow projectKey={projectKey} view={view} show={show} />}
        </TabPanel>
        <TabPanel>
          {view.tab === 'review' && (
            <ReviewTab
              scope={{ projectKey }}
              choice={view.review}
              onChoose={(review) => {
                show({ ...view, review });
              }}
            />
          )}
        </TabPanel>
        <TabPanel>
          {view.tab === 'agreements' && (
            <Box xcss={styles.tab}>
              <DebtRegisterTab projectKey={projectKey} />
            </Box>
          )}
        </TabPanel>
        <TabPanel>
          {view.tab === 'plan' && (
            <PlanTab
              projectKey={projectKey}
              choice={view.plan}
              onChoose={(plan) => {
                show({ ...view, plan });
              }}
            />
          )}
        </TabPanel>
      </Tabs>
    </Page>
  );
}

function ProjectFlow({
  projectKey,
  view: shown,
  show,
}: {
  projectKey: string;
  view: PageView;
  show: (next: PageView) => void;
}): ReactNode {
  const choice = shown.window;
  const trendPeriod = shown.trend;
  const payload = useMemo(() => {
    const window = choice.kind === 'custom' ? { from: choice.from, to: choice.to } : { weeks: choice.weeks };
    return { projectKey, trendPeriod, ...window };
  }, [projectKey, choice, trendPeriod]);
  const { state, reload, poll } = useCall('getProjectFlow', payload);

  const answer = state.status === 'done' && state.result.ok ? state.result.data : null;
  const view = answer?.status === 'ready' ? answer : null;
  // The list behind a count is the figures': their dates and as-of moment, not "the last weeks"
  // as they are when the count is clicked (a day later, or after Jira changed).
  const figures = view?.report.window ?? null;
  const openDrill = useCallback(
    (count: FlowCount) => {
      if (figures === null) return;
      const { from, to, asOf } = figures;
      openDrillDown({ count, payload: { projectKey, trendPeriod, from, to, asOf } });
    },
    [projectKey, trendPeriod, figures],
  );
  return (
    <Box xcss={styles.tab}>
      <header>
        <Inline shouldWrap spread="space-between" space="space.100" alignBlock="end">
          <div>
            <Heading size="large" as="h1">
              Flow{view !== null ? `: ${view.project.name}` : ''}
            </Heading>
            {view !== null && (
              <Text as="p" color="color.text.subtle">
                {view.report.window.from} to {view.report.window.to} ({view.report.window.timeZone}
                {view.report.window.workingDaysOnly ? ', working days' : ''}),{' '}
                {plural(view.issuesRead, 'work item')} read
              </Text>
            )}
          </div>
          <Inline shouldWrap space="space.100" alignBlock="end">
            <WindowPicker
              value={choice}
              current={view?.report.window ?? null}
              today={dayIn(new Date().toISOString(), view?.report.window.timeZone ?? 'UTC')}
              onChange={(window) => {
                show({ ...shown, window });
              }}
            />
            <TrendSelect
              id="trend-period"
              value={trendPeriod}
              onChange={(trend) => {
                show({ ...shown, trend });
              }}
            />
            <Button onClick={reload}>Refresh</Button>
            {view !== null && (
              <Button
                onClick={() => {
                  download(
                    formatCsv(view.report),
                    `flow-${view.project.key}-${view.report.window.from}-${view.report.window.to}.csv`,
                  );
                }}
              >
                Export figures
              </Button>
            )}
            {view !== null && (
              <ExportItems
                load={async () => {
                  const r = await call('getProjectItems', payload);
                  if (!r.ok) return r;
                  const { project, from, to, rows } = r.data;
                  return {
                    ok: true,
                    data: {
                      csv: formatItemsCsv(rows),
                      filename: `work-items-${project.key}-${from}-${to}.csv`,
                    },
                  };
                }}
              />
            )}
          </Inline>
        </Inline>
      </header>
      {state.status === 'loading' && <Loading label="Reading the space's work items and their histories…" />}
      {state.status === 'done' && !state.result.ok && (
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      )}
      {answer?.status === 'refreshing' && <Refreshing name={answer.project.name} view={answer} poll={poll} />}
      {view !== null && (
        <FlowFigures
          report={view.report}
          issuesRead={view.issuesRead}
          targetsAgreed={view.targetsAgreed}
          onOpen={openDrill}
        />
      )}
    </Box>
  );
}
