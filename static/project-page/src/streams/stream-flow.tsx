import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import { Box, Inline, Text } from '@atlaskit/primitives/compiled';
import { useCallback, useMemo, type ReactNode } from 'react';
import type { StreamFlowView } from '../../../../src/contract';
import type { FlowCount } from '../../../../src/domain/flow-counts';
import { formatItemsCsv } from '../../../../src/presentation/items-csv';
import { formatCsv } from '../../../../src/presentation/report-csv';
import { call } from '../../../common/bridge';
import { Loading, Section, Subtle } from '../../../common/components';
import { download } from '../../../common/download';
import { ErrorPanel } from '../../../common/error-panel';
import { dayIn, plural } from '../../../common/format';
import { Refreshing } from '../../../common/refreshing';
import { useCall } from '../../../common/use-call';
import { openDrillDown } from '../drill-down';
import { ExportItems } from '../export-items';
import { FlowFigures } from '../flow-figures';
import { windowFields } from '../page-view';
import { TrendSelect } from '../../../common/trend-select';
import { WindowPicker } from '../window-picker';
import type { StreamsView } from './streams-view';
import { TeamsTable } from './teams-table';
import { UnavailableNotice } from './unavailable-notice';

const styles = cssMap({
  body: { width: '100%', minWidth: '0' },
});

type StreamOnWindow = Extract<StreamsView, { kind: 'stream' }>;

/**
 * One stream over a window: who is not shown, each team side by side, then the stream's own
 * figures against its targets, as the project page shows a space's.
 */
export function StreamFlow({
  view,
  show,
}: {
  view: StreamOnWindow;
  show: (next: StreamsView) => void;
}): ReactNode {
  const payload = useMemo(
    () => ({
      streamId: view.streamId,
      ...(view.trend === null ? {} : { trendPeriod: view.trend }),
      ...windowFields(view.window),
    }),
    [view.streamId, view.trend, view.window],
  );
  const { state, reload, poll } = useCall('getStreamFlow', payload);
  const answer = state.status === 'done' && state.result.ok ? state.result.data : null;
  const ready = answer?.status === 'ready' ? answer : null;
  // The rows behind a count are the figures': their dates and as-of moment.
  const figures = ready?.report.window ?? null;
  const openDrill = useCallback(
    (count: FlowCount, spaceKey?: string) => {
      if (figures === null) return;
      const { from, to, asOf } = figures;
      openDrillDown({
        count,
        stream: {
          streamId: view.streamId,
          trendPeriod: figures.trendPeriod,
          from,
          to,
          asOf,
          ...(spaceKey ? { spaceKey } : {}),
        },
      });
    },
    [view.streamId, figures],
  );
  const name = answer?.stream.name ?? 'Value stream';
  return (
    <Box xcss={styles.body}>
      <header>
        <Inline shouldWrap spread="space-between" space="space.100" alignBlock="end">
          <div>
            <Heading size="large" as="h1">
              {name}
            </Heading>
            {ready !== null && (
              <Text as="p" color="color.text.subtle">
                {ready.report.window.from} to {ready.report.window.to} ({ready.report.window.timeZone}
                {ready.report.window.workingDaysOnly ? ', working days' : ''}),{' '}
                {plural(ready.teams.length, 'team')}, {plural(ready.issuesRead, 'work item')} read
                {ready.filter !== null ? `, narrowed by ${ready.filter}` : ''}
              </Text>
            )}
          </div>
          <Inline shouldWrap space="space.100" alignBlock="end">
            <WindowPicker
              value={view.window}
              current={ready?.report.window ?? null}
              today={dayIn(new Date().toISOString(), ready?.report.window.timeZone ?? 'UTC')}
              onChange={(window) => {
                show({ ...view, window });
              }}
            />
            <TrendSelect
              id="stream-trend-period"
              value={view.trend ?? ready?.report.window.trendPeriod ?? 'week'}
              onChange={(trend) => {
                show({ ...view, trend });
              }}
            />
            <Button onClick={reload}>Refresh</Button>
            <Button
              onClick={() => {
                show({ ...view, editing: true });
              }}
            >
              Edit stream
            </Button>
            {ready !== null && (
              <Button
                onClick={() => {
                  download(
                    formatCsv(ready.report),
                    `flow-stream-${view.streamId}-${ready.report.window.from}-${ready.report.window.to}.csv`,
                  );
                }}
              >
                Export figures
              </Button>
            )}
            {ready !== null && (
              <ExportItems
                load={async () => {
                  const r = await call('getStreamItems', payload);
                  if (!r.ok) return r;
                  const { stream, from, to, rows } = r.data;
                  return {
                    ok: true,
                    data: {
                      csv: formatItemsCsv(rows, { withSpace: true }),
                      filename: `work-items-stream-${stream.id}-${from}-${to}.csv`,
                    },
                  };
                }}
              />
            )}
          </Inline>
        </Inline>
      </header>
      {state.status === 'loading' && <Loading label="Reading the stream's spaces and their work items…" />}
      {state.status === 'done' && !state.result.ok && (
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      )}
      {answer?.status === 'refreshing' && <Refreshing name={answer.stream.name} view={answer} poll={poll} />}
      {ready !== null && <StreamFigures view={ready} onOpen={openDrill} />}
    </Box>
  );
}

function StreamFigures({
  view,
  onOpen,
}: {
  view: StreamFlowView;
  onOpen: (count: FlowCount, spaceKey?: string) => void;
}): ReactNode {
  const defaults = view.teams.filter((t) => t.usesDefaults).map((t) => t.space.key);
  return (
    <>
      <UnavailableNotice unavailable={view.unavailable} shown={view.teams.length} />
      {view.teams.length > 0 && (
        <Section title="Each team side by side">
          <TeamsTable
            teams={view.teams}
            onOpen={(spaceKey, count) => {
              onOpen(count, spaceKey);
            }}
          />
          {defaults.length > 0 && (
            <Subtle block>
              {defaults.join(', ')} {defaults.length === 1 ? 'has' : 'have'} no saved flow settings: Flow
              Ledger&apos;s default rules decide {defaults.length === 1 ? 'its' : 'their'} Features, Defects,
              Risks and Debts. Each other team&apos;s own rules decide its own.
            </Subtle>
          )}
        </Section>
      )}
      <FlowFigures report={view.report} issuesRead={view.issuesRead} targetsAgreed onOpen={onOpen} />
    </>
  );
}
