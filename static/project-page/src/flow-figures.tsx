import { cssMap } from '@atlaskit/css';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { FlowCount } from '../../../src/domain/flow-counts';
import type { FlowReport } from '../../../src/domain/flow-report';
import { targetAlerts } from '../../../src/domain/target-alerts';
import { AgingChart } from '../../common/aging-chart';
import { IssueLink, MixBar, Section, Stat, TypeLozenge } from '../../common/components';
import { DurationTable } from '../../common/duration-table';
import { FlowTimeScatter } from '../../common/flow-time-scatter';
import { band, dayIn, days, percent, plural, TYPE_LABELS } from '../../common/format';
import { CumulativeFlowChart, LoadChart } from '../../common/load-chart';
import { ShareChart, TrendChart } from '../../common/trend-chart';
import { DataQuality } from './data-quality';

const styles = cssMap({
  notice: { marginBlockStart: token('space.200') },
  targets: {
    listStyle: 'none',
    paddingBlock: token('space.0'),
    paddingInline: token('space.0'),
    marginBlockStart: token('space.100'),
  },
  oldest: { paddingInlineStart: token('space.250'), marginBlock: token('space.0') },
});

/**
 * The figures of one window: the alerts against the targets, the stats, the distribution, the
 * charts and tables, and the data quality; every count opens the work items behind it.
 */
export function FlowFigures({
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
 * When the load was taken: "now" only for a window that reaches today; a past window's figures
 * are taken at its end, and say which day that was, in the space's zone.
 */
function inProgressWhen(report: FlowReport): string {
  const asOf = dayIn(report.window.asOf, report.window.timeZone);
  return asOf > report.window.to ? `in progress at the end of ${report.window.to}` : 'in progress now';
}
