import { cssMap } from '@atlaskit/css';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { ProjectFlowView } from '../../../src/contract';
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

/** A dashboard's view of one project's flow distribution against its targets. */
export function FlowGadget(): ReactNode {
  return (
    <WithGadgetConfig read={readGadgetConfig} unconfigured="Choose the space whose flow it shows.">
      {(config) => <FlowOf config={config} />}
    </WithGadgetConfig>
  );
}

function FlowOf({ config }: { config: GadgetConfig }): ReactNode {
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

function Distribution({ view, config }: { view: ProjectFlowView; config: GadgetConfig }): ReactNode {
  const r = view.report;
  const alerted = new Set(targetAlerts(r).map((t) => t.type));
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
      {config.showTargets && (
        <Box as="ul" xcss={styles.targets} aria-label="Targets">
          {r.targets.map((t) => (
            <Box as="li" key={t.type} xcss={styles.target}>
              <Inline space="space.100" alignBlock="center" shouldWrap>
                <TypeLozenge type={t.type} />
                <span>
                  {percent(t.actual)} ({view.targetsAgreed ? 'target' : 'default target'} {band(t.min, t.max)}
                  )
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
      )}
      {config.trendPeriod !== null && (
        <Box xcss={styles.trend}>
          <TrendChart trend={r.trend} period={config.trendPeriod} />
        </Box>
      )}
    </Page>
  );
}
