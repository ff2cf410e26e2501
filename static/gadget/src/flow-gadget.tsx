import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { ProjectFlowView } from '../../../src/contract';
import { targetAlerts } from '../../../src/domain/target-alerts';
import { Outcome, MixBar, Page, TEXT_SUBTLE, TypeLozenge } from '../../common/components';
import { band, percent, plural } from '../../common/format';
import { readGadgetConfig, type GadgetConfig } from '../../common/gadget-config';
import { Refreshing } from '../../common/refreshing';
import { TrendChart } from '../../common/trend-chart';
import { useCall } from '../../common/use-call';
import { WithGadgetConfig } from '../../common/with-gadget-config';

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
    <Outcome state={state} loading={`Reading ${config.projectKey}…`}>
      {(view) =>
        view.status === 'refreshing' ? (
          <Page>
            <Refreshing view={view} poll={poll} />
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
      <div style={{ color: TEXT_SUBTLE, marginBottom: token('space.100') }}>
        {view.project.name}
        {view.filter !== null && (
          <>
            , work items matching <code style={{ overflowWrap: 'anywhere' }}>{view.filter}</code>
          </>
        )}
        , last {config.weeks} weeks: {plural(r.velocity.total, 'item')} completed, {r.load.atAsOf} in progress
      </div>
      <MixBar label="Completed" shares={r.distribution.completed} counts={r.velocity.byType} />
      <MixBar label="In progress" shares={r.distribution.inProgress} counts={r.load.byType} />
      {config.showTargets && (
        <ul
          style={{ listStyle: 'none', padding: 0, margin: `${token('space.100')} 0 0` }}
          aria-label="Targets"
        >
          {r.targets.map((t) => (
            <li
              key={t.type}
              style={{
                display: 'flex',
                gap: token('space.100'),
                alignItems: 'center',
                marginBottom: token('space.050'),
              }}
            >
              <TypeLozenge type={t.type} />
              <span>
                {percent(t.actual)} (target {band(t.min, t.max)})
              </span>
              {r.velocity.total === 0 ? (
                <Lozenge>nothing completed</Lozenge>
              ) : (
                <Lozenge appearance={alerted.has(t.type) ? 'removed' : 'success'}>
                  {alerted.has(t.type) ? `${t.status} target` : 'on target'}
                </Lozenge>
              )}
            </li>
          ))}
        </ul>
      )}
      {config.trendPeriod !== null && (
        <div style={{ marginTop: token('space.150') }}>
          <TrendChart trend={r.trend} period={config.trendPeriod} />
        </div>
      )}
    </Page>
  );
}
