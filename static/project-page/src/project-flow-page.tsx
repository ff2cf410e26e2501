import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import Select from '@atlaskit/select';
import { token } from '@atlaskit/tokens';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { Contract, ErrorCode } from '../../../src/contract';
import type { FlowReport } from '../../../src/domain/flow-report';
import { targetAlerts } from '../../../src/domain/target-alerts';
import { formatItemsCsv } from '../../../src/presentation/items-csv';
import { formatCsv } from '../../../src/presentation/report-csv';
import { call } from '../../common/bridge';
import {
  IssueLink,
  Loading,
  MixBar,
  Page,
  Section,
  Stat,
  Subtle,
  TypeLozenge,
} from '../../common/components';
import { DurationTable } from '../../common/duration-table';
import { ErrorPanel } from '../../common/error-panel';
import { band, dayIn, days, percent, plural, TYPE_LABELS } from '../../common/format';
import { ShareChart, TrendChart } from '../../common/trend-chart';
import { useCall } from '../../common/use-call';
import { WithSurfaceKey } from '../../common/use-surface';
import { download } from '../../common/download';
import { FlowTimeScatter } from '../../common/flow-time-scatter';
import { AgingChart } from '../../common/aging-chart';
import { CumulativeFlowChart, LoadChart } from '../../common/load-chart';
import type { FlowCount } from '../../../src/domain/flow-counts';

/** The list behind a count: a dialog and a read of its own, loaded when someone asks. */

import { Refreshing } from '../../common/refreshing';
import { DataQuality } from './data-quality';
import { DebtRegisterTab } from './debt-register-tab';
import { DrillDown } from './drill-down';
import { WindowPicker, type WindowChoice } from './window-picker';

/**
 * The project page: where the team's capacity went over a window, against its targets, and the
 * technical-debt agreements that compete with the rest for it.
 */
const styles = cssMap({
  tab: { paddingBlockStart: token('space.200'), width: '100%' },
  trendBy: { minWidth: '130px' },
  notice: { marginBlockStart: token('space.200') },
  targets: {
    listStyle: 'none',
    paddingBlock: token('space.0'),
    paddingInline: token('space.0'),
    marginBlockStart: token('space.100'),
  },
  oldest: { paddingInlineStart: token('space.250'), marginBlock: token('space.0') },
});

export function ProjectFlowPage(): ReactNode {
  return (
    <WithSurfaceKey needs="project">{(projectKey) => <ProjectTabs projectKey={projectKey} />}</WithSurfaceKey>
  );
}

const TABS = ['flow', 'agreements'] as const;

function ProjectTabs({ projectKey }: { projectKey: string }): ReactNode {
  const [selected, setSelected] = useState<(typeof TABS)[number]>('flow');
  // Only the chosen tab is read: each costs Jira calls, and most visits need one.
  return (
    <Page as="main">
      <Tabs
        id="project-tabs"
        selected={TABS.indexOf(selected)}
        onChange={(index) => {
          setSelected(TABS[index] ?? 'flow');
        }}
      >
        <TabList>
          <Tab>Flow</Tab>
          <Tab>Debt agreements</Tab>
        </TabList>
        <TabPanel>{selected === 'flow' && <ProjectFlow projectKey={projectKey} />}</TabPanel>
        <TabPanel>{selected === 'agreements' && <DebtRegisterTab projectKey={projectKey} />}</TabPanel>
      </Tabs>
    </Page>
  );
}

function ProjectFlow({ projectKey }: { projectKey: string }): ReactNode {
  const [choice, setChoice] = useState<WindowChoice>({ kind: 'recent', weeks: 12 });
  const [trendPeriod, setTrendPeriod] = useState<'week' | 'month'>('week');
  const [drill, setDrill] = useState<FlowCount | null>(null);
  const closeDrill = useCallback(() => {
    setDrill(null);
  }, []);
  const payload = useMemo(() => {
    const window = choice.kind === 'custom' ? { from: choice.from, to: choice.to } : { weeks: choice.weeks };
    return { projectKey, trendPeriod, ...window };
  }, [projectKey, choice, trendPeriod]);
  const { state, reload, poll } = useCall('getProjectFlow', payload);

  const answer = state.status === 'done' && state.result.ok ? state.result.data : null;
  const view = answer?.status === 'ready' ? answer : null;
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
            <WindowPicker value={choice} current={view?.report.window ?? null} onChange={setChoice} />
            <Box xcss={styles.trendBy}>
              <label htmlFor="trend-period">
                <Subtle>Trend by</Subtle>
              </label>
              <Select
                inputId="trend-period"
                label="Trend by"
                value={{ value: trendPeriod, label: trendPeriod === 'week' ? 'Week' : 'Month' }}
                options={[
                  { value: 'week' as const, label: 'Week' },
                  { value: 'month' as const, label: 'Month' },
                ]}
                onChange={(o) => {
                  if (o !== null) setTrendPeriod(o.value);
                }}
              />
            </Box>
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
            {view !== null && <ExportItems payload={payload} />}
          </Inline>
        </Inline>
      </header>
      {state.status === 'loading' && <Loading label="Reading the space's work items and their histories…" />}
      {state.status === 'done' && !state.result.ok && (
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      )}
      {answer?.status === 'refreshing' && <Refreshing view={answer} poll={poll} />}
      {view !== null && (
        <Report
          report={view.report}
          issuesRead={view.issuesRead}
          targetsAgreed={view.targetsAgreed}
          onOpen={setDrill}
        />
      )}
      {drill !== null && view !== null && (
        <DrillDown count={drill} payload={payload} figuresAt={view.generatedAt} onClose={closeDrill} />
      )}
    </Box>
  );
}

function Report({
  report,
  issuesRead,
  targetsAgreed,
  onOpen,
}: {
  report: FlowReport;
  issuesRead: number;
  /** The targets are the team's (settings saved), not Flow Ledger's defaults. */
  targetsAgreed: boolean;
  /** Lists the work items behind a count. */
  onOpen: (count: FlowCount) => void;
}): ReactNode {
  const alerts = targetAlerts(report);
  const idle = report.velocity.total === 0 && report.load.dailyAverage === 0;
  return (
    <>
      {idle && (
        <Box xcss={styles.notice}>
          <SectionMessage appearance="information" title="No work in this window">
            {issuesRead === 0
              ? `The search for ${report.window.from} to ${report.window.to} returned no work items: the space may have had none then, or you may not see them. Choose another window.`
              : `Nothing of the ${plural(issuesRead, 'work item')} read was completed or in progress from ${report.window.from} to ${report.window.to}, so every figure below is zero. Choose another window.`}
          </SectionMessage>
        </Box>
      )}
      {alerts.map((t) => (
        <Box key={t.type} xcss={styles.notice}>
          <SectionMessage appearance="warning" title={`${TYPE_LABELS[t.type]} are ${t.status} their target`}>
            {TYPE_LABELS[t.type]} were {percent(t.actual)} of completed work;{' '}
            {targetsAgreed
              ? `the team agreed on ${band(t.min, t.max)}.`
              : `Flow Ledger's default band is ${band(t.min, t.max)} until the team sets its own in Flow settings.`}
          </SectionMessage>
        </Box>
      ))}
      <Box xcss={styles.notice}>
        <Inline shouldWrap space="space.150">
          <Stat
            label="Flow velocity"
            value={String(report.velocity.total)}
            onOpen={
              report.velocity.total > 0
                ? () => {
                    onOpen({ kind: 'completed' });
                  }
                : undefined
            }
            detail={`completed, ${report.canceled} canceled apart`}
          />
          <Stat
            label="Flow time, 85%"
            value={days(report.flowTime.p85)}
            detail={`median ${days(report.flowTime.p50)}, ${report.flowTime.count} items`}
          />
          <Stat
            label="Flow load"
            value={String(report.load.atAsOf)}
            onOpen={
              report.load.atAsOf > 0
                ? () => {
                    onOpen({ kind: 'in-progress' });
                  }
                : undefined
            }
            detail={`${inProgressWhen(report)}; ${report.load.dailyAverage.toFixed(1)} a day on average`}
          />
          <Stat
            label="Flow efficiency"
            value={percent(report.flowEfficiency.overall)}
            detail="active time ÷ flow time"
          />
        </Inline>
      </Box>
      <Section title="Flow distribution">
        <MixBar
          label="Completed"
          shares={report.distribution.completed}
          counts={report.velocity.byType}
          onOpen={(type) => {
            onOpen({ kind: 'completed', type });
          }}
        />
        <MixBar
          label="In progress"
          shares={report.distribution.inProgress}
          counts={report.load.byType}
          onOpen={(type) => {
            onOpen({ kind: 'in-progress', type });
          }}
        />
        {report.targets.length > 0 && (
          <Stack as="ul" space="space.050" xcss={styles.targets} aria-label="Targets">
            {report.targets.map((t) => (
              <Inline as="li" key={t.type} space="space.100" alignBlock="center">
                <TypeLozenge type={t.type} />
                <span>
                  {percent(t.actual)} of completed work against{' '}
                  {targetsAgreed ? "the team's target of " : 'the default target (none agreed yet) of '}
                  {band(t.min, t.max)}:{' '}
                  <strong>{report.velocity.total === 0 ? 'nothing completed' : t.status}</strong> (
                  {percent(t.actualInProgress)} of work in progress)
                </span>
              </Inline>
            ))}
          </Stack>
        )}
      </Section>
      <Section title={`Completed per ${report.window.trendPeriod}`}>
        <TrendChart trend={report.trend} period={report.window.trendPeriod} onOpen={onOpen} />
      </Section>
      <Section title={`Share of completed work per ${report.window.trendPeriod}`}>
        <ShareChart trend={report.trend} period={report.window.trendPeriod} />
      </Section>
      <Section title="Flow time of each completed item">
        <FlowTimeScatter report={report} />
      </Section>
      <Section title="Flow time and lead time">
        <Stack space="space.200">
          <DurationTable
            caption="Flow time: from work start to completion"
            all={report.flowTime}
            byType={report.flowTime.byType}
            onOpen={(type) => {
              onOpen(type === null ? { kind: 'flow-time' } : { kind: 'flow-time', type });
            }}
          />
          <DurationTable
            caption="Lead time: from creation to completion"
            all={report.leadTime}
            byType={report.leadTime.byType}
            onOpen={(type) => {
              onOpen(type === null ? { kind: 'completed' } : { kind: 'completed', type });
            }}
          />
        </Stack>
      </Section>
      <Section title="Flow load per day">
        <LoadChart daily={report.load.daily} />
      </Section>
      <Section title="Cumulative flow">
        <CumulativeFlowChart daily={report.load.daily} />
      </Section>
      <Section title="Work in progress by age">
        <AgingChart report={report} />
      </Section>
      <Section title="Oldest work in progress">
        {report.age.oldest.length === 0 ? (
          <Text as="p" color="color.text.subtle">
            Nothing is in progress.
          </Text>
        ) : (
          <Stack as="ol" space="space.050" xcss={styles.oldest}>
            {report.age.oldest.map((a) => (
              <li key={a.key}>
                <IssueLink issueKey={a.key} /> <TypeLozenge type={a.type} /> {days(a.ageDays)} old, {a.state}
              </li>
            ))}
          </Stack>
        )}
      </Section>
      <Section title="Data quality">
        <DataQuality findings={report.dataQuality} />
      </Section>
    </>
  );
}

/**
 * The rows behind the figures, one per work item (as `flow-ledger items` writes them), fetched
 * when asked for: most visits never need them, and a large window makes a large answer.
 */
function ExportItems({ payload }: { payload: Contract['getProjectItems']['payload'] }): ReactNode {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ code: ErrorCode; message: string } | null>(null);
  const exportItems = async (): Promise<void> => {
    setBusy(true);
    setFailure(null);
    const result = await call('getProjectItems', payload);
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const { project, from, to, rows } = result.data;
    download(formatItemsCsv(rows), `work-items-${project.key}-${from}-${to}.csv`);
  };
  return (
    <>
      <Button isDisabled={busy} onClick={() => void exportItems()}>
        {busy ? 'Exporting work items…' : 'Export work items'}
      </Button>
      {failure !== null && <ErrorPanel code={failure.code} message={failure.message} />}
    </>
  );
}

/**
 * When the load was taken: "now" only for a window that reaches today; a past window's figures
 * are taken at its end, and say which day that was, in the space's zone.
 */
function inProgressWhen(report: FlowReport): string {
  const asOf = dayIn(report.window.asOf, report.window.timeZone);
  return asOf > report.window.to ? `in progress at the end of ${report.window.to}` : 'in progress now';
}
