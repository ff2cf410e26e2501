import { cssMap } from '@atlaskit/css';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { ProjectFlowView, StreamFlowView } from '../../../src/contract';
import type { FlowReport } from '../../../src/domain/flow-report';
import { targetAlerts } from '../../../src/domain/target-alerts';
import { Outcome, MixBar, Page, Subtle, TypeLozenge } from '../../common/components';
import { band, percent, plural } from '../../common/format';
import { readGadgetConfig, type GadgetConfig } from '../../common/gadget-config';
import { Refreshing } from '../../common/refreshing';
import { TrendChart } from '../../common/trend-chart';
import { useCall } from '../../common/use-call';
import { SpaceNotVisible, WithGadgetConfig } from '../../common/with-gadget-config';

const styles = cssMap({
  summary: { marginBlockEnd: token('space.100') },
  // A JQL filter has no spaces to break at: a gadget of 400 px must still show all of it.
  filter: { overflowWrap: 'anywhere' },
  targets: {
    listStyle: 'none',
    paddingInline: token('space.0'),
    marginBlockStart: token('space.100'),
    marginBlockEnd: token('space.0'),
  },
  target: { marginBlockEnd: token('space.050') },
  trend: { marginBlockStart: token('space.150') },
});

/** A dashboard's view of one space's flow distribution against its targets, or a value stream's. */
export function FlowGadget(): ReactNode {
  return (
    <WithGadgetConfig
      read={readGadgetConfig}
      unconfigured="Choose the space or value stream whose flow it shows."
    >
      {(config) => <FlowOf config={config} />}
    </WithGadgetConfig>
  );
}

function FlowOf({ config }: { config: GadgetConfig }): ReactNode {
  return config.streamId === null ? (
    <SpaceFlow config={config} />
  ) : (
    <StreamFlowOf config={config} streamId={config.streamId} />
  );
}

function SpaceFlow({ config }: { config: GadgetConfig }): ReactNode {
  const { state, poll } = useCall('getProjectFlow', {
    projectKey: config.projectKey,
    weeks: config.weeks,
    ...(config.filter === null ? {} : { filter: config.filter }),
    ...(config.trendPeriod === null ? {} : { trendPeriod: config.trendPeriod }),
  });
  return (
    <Outcome
      state={state}
      loading={`Reading ${config.projectKey}…`}
      notFound={(message) => <SpaceNotVisible message={message} />}
    >
      {(view) =>
        view.status === 'refreshing' ? (
          <Page>
            <Refreshing name={view.project.name} view={view} poll={poll} />
          </Page>
        ) : (
          <Distribution view={view} config={config} />
        )
      }
    </Outcome>
  );
}

/** A value stream: its mix, then each team's bar under it (docs/value-streams.md). */
function StreamFlowOf({ config, streamId }: { config: GadgetConfig; streamId: string }): ReactNode {
  const { state, poll } = useCall('getStreamFlow', {
    streamId,
    weeks: config.weeks,
    ...(config.trendPeriod === null ? {} : { trendPeriod: config.trendPeriod }),
  });
  return (
    <Outcome state={state} loading="Reading the value stream…">
      {(view) =>
        view.status === 'refreshing' ? (
          <Page>
            <Refreshing name={view.stream.name} view={view} poll={poll} />
          </Page>
        ) : (
          <StreamDistribution view={view} config={config} />
        )
      }
    </Outcome>
  );
}

function StreamDistribution({ view, config }: { view: StreamFlowView; config: GadgetConfig }): ReactNode {
  const r = view.report;
  return (
    <Page>
      <Box xcss={styles.summary}>
        <Subtle block>
          {view.stream.name}, {plural(view.teams.length, 'team')}
          {view.unavailable > 0 ? ` (${view.unavailable} not shown to you)` : ''}, last {config.weeks} weeks:{' '}
          {plural(r.velocity.total, 'item')} completed, {r.load.atAsOf} in progress
        </Subtle>
      </Box>
      <MixBar label="Completed" shares={r.distribution.completed} counts={r.velocity.byType} />
      {config.showTargets && <Targets report={r} agreed />}
      {view.teams.map((t) => (
        <MixBar
          key={t.space.id}
          label={`${t.space.name} (${t.space.key})`}
          shares={t.figures.distribution}
          counts={t.figures.velocity.byType}
        />
      ))}
      {config.trendPeriod !== null && (
        <Box xcss={styles.trend}>
          <TrendChart trend={r.trend} period={config.trendPeriod} />
        </Box>
      )}
    </Page>
  );
}

/** Each type's share against its band, said as on target or not. */
function Targets({ report: r, agreed }: { report: FlowReport; agreed: boolean }): ReactNode {
  const alerted = new Set(targetAlerts(r).map((t) => t.type));
  return (
    <Box as="ul" xcss={styles.targets} aria-label="Targets">
      {r.targets.map((t) => (
        <Box as="li" key={t.type} xcss={styles.target}>
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <TypeLozenge type={t.type} />
            <span>
              {percent(t.actual)} ({agreed ? 'target' : 'default target'} {band(t.min, t.max)})
            </span>
            {r.velocity.total === 0 ? (
              <Lozenge>nothing completed</Lozenge>
            ) : (
              <Lozenge appearance={alerted.has(t.type) ? 'removed' : 'success'}>
                {alerted.has(t.type) ? `${t.status} target` : 'on target'}
              </Lozenge>
            )}
          </Inline>
        </Box>
      ))}
    </Box>
  );
}

function Distribution({ view, config }: { view: ProjectFlowView; config: GadgetConfig }): ReactNode {
  const r = view.report;
  return (
    <Page>
      <Box xcss={styles.summary}>
        <Subtle block>
          {view.project.name}
          {view.filter !== null && (
            <>
              , work items matching{' '}
              <Box as="code" xcss={styles.filter}>
                {view.filter}
              </Box>
            </>
          )}
          , last {config.weeks} weeks: {plural(r.velocity.total, 'item')} completed, {r.load.atAsOf} in
          progress
        </Subtle>
      </Box>
      <MixBar label="Completed" shares={r.distribution.completed} counts={r.velocity.byType} />
      <MixBar label="In progress" shares={r.distribution.inProgress} counts={r.load.byType} />
      {config.showTargets && <Targets report={r} agreed={view.targetsAgreed} />}
      {config.trendPeriod !== null && (
        <Box xcss={styles.trend}>
          <TrendChart trend={r.trend} period={config.trendPeriod} />
        </Box>
      )}
    </Page>
  );
}
