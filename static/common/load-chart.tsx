import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { DailyLoad } from '../../src/domain/flow-report';
import type { FlowState } from '../../src/domain/types';
import {
  axisDay,
  ChartFigure,
  chartFrame,
  ChartSvg,
  labelEvery,
  Legend,
  ShowAsTable,
  useChartWidth,
  ValueGrid,
} from './chart-parts';
import { TEXT_SUBTLE, TYPE_COLORS } from './components';
import { Cell, DataTable, HeadRow, RowHead } from './data-table';
import { FLOW_TYPE_ORDER, TYPE_LABELS } from './format';

/** One layer of a stacked area chart over the window's days. */
interface Band {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly of: (day: DailyLoad) => number;
}

const TYPE_BANDS: readonly Band[] = FLOW_TYPE_ORDER.map((t) => ({
  key: t,
  label: TYPE_LABELS[t],
  color: TYPE_COLORS[t],
  of: (d) => d.byType[t],
}));

/** Bottom to top, as a cumulative flow diagram reads: what is done, then in progress, then not started. */
const STATE_BANDS: readonly Band[] = (
  [
    ['done', 'Done', token('color.chart.green.bold')],
    ['waiting', 'Waiting', token('color.chart.yellow.bold')],
    ['active', 'Active', token('color.chart.blue.bold')],
    ['new', 'Not started', token('color.chart.gray.bolder')],
  ] as const
).map(([state, label, color]: readonly [FlowState, string, string]) => ({
  key: state,
  label,
  color,
  of: (d: DailyLoad) => d.byState[state],
}));

const sumOf = (bands: readonly Band[], d: DailyLoad): number => bands.reduce((n, b) => n + b.of(d), 0);

/**
 * Flow load day by day: the items in progress at the end of each day of the window, stacked by
 * type, so a rising load (work started faster than it finishes) shows before flow time grows.
 */
export function LoadChart({ daily }: { daily: readonly DailyLoad[] }): ReactNode {
  const last = daily.at(-1);
  const peak = daily.reduce<DailyLoad | null>(
    (p, d) => (p === null || sumOf(TYPE_BANDS, d) > sumOf(TYPE_BANDS, p) ? d : p),
    null,
  );
  const label =
    peak === null || last === undefined
      ? 'Flow load per day: no days in the window'
      : `Flow load per day from ${daily[0]?.day ?? ''} to ${last.day}: ${sumOf(TYPE_BANDS, last)} in progress at the end, at most ${sumOf(TYPE_BANDS, peak)} on ${peak.day}`;
  return <DailyAreas daily={daily} bands={TYPE_BANDS} label={label} tableLabel="Flow load per day" />;
}

/**
 * The cumulative flow of the window's work items: each day, how many are done, waiting, active
 * and not yet started. Bands that widen show where work piles up.
 */
export function CumulativeFlowChart({ daily }: { daily: readonly DailyLoad[] }): ReactNode {
  const last = daily.at(-1);
  const label =
    last === undefined
      ? 'Cumulative flow: no days in the window'
      : `Cumulative flow from ${daily[0]?.day ?? ''} to ${last.day}: at the end ${STATE_BANDS.map((b) => `${b.label.toLowerCase()} ${b.of(last)}`).join(', ')}`;
  return <DailyAreas daily={daily} bands={STATE_BANDS} label={label} tableLabel="Cumulative flow per day" />;
}

function DailyAreas({
  daily,
  bands,
  label,
  tableLabel,
}: {
  daily: readonly DailyLoad[];
  bands: readonly Band[];
  label: string;
  tableLabel: string;
}): ReactNode {
  const { ref, width: measured } = useChartWidth();
  const frame = chartFrame({
    width: measured,
    height: 160,
    left: 32,
    right: 0,
    bottom: 22,
    max: Math.max(0, ...daily.map((d) => sumOf(bands, d))),
  });
  const { width, height, left, y } = frame;
  const step = (width - left) / Math.max(1, daily.length - 1);
  const x = (i: number): number => left + i * step;
  // Each band lies on the ones before it: its upper edge is the running sum.
  const polygons = bands.map((band, level) => {
    const below = (d: DailyLoad): number => sumOf(bands.slice(0, level), d);
    const upper = daily.map((d, i) => `${x(i)},${y(below(d) + band.of(d))}`);
    const lower = daily.map((d, i) => `${x(i)},${y(below(d))}`).reverse();
    return { band, points: [...upper, ...lower].join(' ') };
  });
  const every = labelEvery(daily.length, width - left);
  return (
    <ChartFigure figureRef={ref}>
      <ChartSvg frame={frame} label={label}>
        <ValueGrid frame={frame} />
        {daily.length > 1 &&
          polygons.map((p) => (
            <polygon key={p.band.key} points={p.points} fill={p.band.color} fillOpacity={0.85} />
          ))}
        {daily.map((d, i) =>
          i % every === 0 ? (
            <text key={d.day} x={x(i)} y={height - 6} textAnchor="middle" fontSize={10} fill={TEXT_SUBTLE}>
              {axisDay(d.day, 'day')}
            </text>
          ) : null,
        )}
      </ChartSvg>
      <Legend entries={bands} />
      <ShowAsTable>
        <DataTable label={tableLabel} width="medium" small>
          <HeadRow
            columns={[
              { name: 'Day' },
              ...bands.map((b) => ({ name: b.label, align: 'end' as const })),
              { name: 'All', align: 'end' },
            ]}
          />
          <tbody>
            {daily.map((d) => (
              <tr key={d.day}>
                <RowHead>{d.day}</RowHead>
                {bands.map((b) => (
                  <Cell key={b.key} align="end">
                    {b.of(d)}
                  </Cell>
                ))}
                <Cell align="end">{sumOf(bands, d)}</Cell>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </ShowAsTable>
    </ChartFigure>
  );
}
