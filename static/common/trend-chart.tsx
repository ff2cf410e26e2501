import type { ReactNode } from 'react';
import type { FlowCount } from '../../src/domain/flow-counts';
import type { TrendEntry } from '../../src/domain/flow-report';
import {
  axisDay,
  ChartFigure,
  ChartSvg,
  chartFrame,
  labelEvery,
  useChartWidth,
  ShowAsTable,
  TypeLegend,
  ValueGrid,
  type ChartFrame,
} from './chart-parts';
import { CountLink, TEXT_SUBTLE, TYPE_COLORS } from './components';
import { Cell, DataTable, HeadRow, RowHead } from './data-table';
import type { FlowType } from '../../src/domain/types';
import { FLOW_TYPE_ORDER, percent, TYPE_LABELS } from './format';

/** Completed items per period, stacked by type; the same figures as a table for screen readers. */
export function TrendChart({
  trend,
  period,
  onOpen,
}: {
  trend: readonly TrendEntry[];
  period: 'week' | 'month';
  /** Lists the items behind a count of the table. */
  onOpen?: (count: FlowCount) => void;
}): ReactNode {
  const open = (count: FlowCount, n: number): (() => void) | undefined =>
    onOpen && n > 0
      ? () => {
          onOpen(count);
        }
      : undefined;
  const { ref, width } = useChartWidth();
  const frame = chartFrame({
    width,
    height: 180,
    left: 32,
    right: 0,
    bottom: 22,
    max: Math.max(...trend.map((e) => e.velocity.total)),
  });
  const summary = trend.map((e) => `${e.period}: ${e.velocity.total}`).join('; ');
  return (
    <ChartFigure figureRef={ref}>
      <ChartSvg frame={frame} label={`Completed items per ${period}: ${summary}`}>
        <ValueGrid frame={frame} />
        <PeriodBars frame={frame} trend={trend} period={period} value={(e, t) => e.velocity.byType[t]} />
      </ChartSvg>
      <TypeLegend />
      <ShowAsTable>
        <PeriodTable
          trend={trend}
          period={period}
          label={`Completed items per ${period}`}
          cell={(e, t) => (
            <CountLink
              value={e.velocity.byType[t]}
              what={`${TYPE_LABELS[t].toLowerCase()} completed in the ${period} of ${e.period}`}
              onOpen={open({ kind: 'completed', type: t, period: e.period }, e.velocity.byType[t])}
            />
          )}
          more={[
            {
              head: 'Canceled',
              cell: (e) => (
                <CountLink
                  value={e.canceled}
                  what={`canceled in the ${period} of ${e.period}`}
                  onOpen={open({ kind: 'canceled', period: e.period }, e.canceled)}
                />
              ),
            },
            { head: 'In progress at end', cell: (e) => e.load },
          ]}
        />
      </ShowAsTable>
    </ChartFigure>
  );
}

/**
 * Each type's share of the work completed in each period, as bars of 100 %: whether debt keeps
 * its place period after period, or only on average. A period with nothing completed has no bar.
 */
export function ShareChart({
  trend,
  period,
}: {
  trend: readonly TrendEntry[];
  period: 'week' | 'month';
}): ReactNode {
  const { ref, width } = useChartWidth();
  const frame = chartFrame({ width, height: 160, left: 40, right: 0, bottom: 22, max: 100 });
  const judged = trend.filter((e) => e.velocity.total > 0);
  const summary = judged
    .map(
      (e) =>
        `${e.period}: ${FLOW_TYPE_ORDER.map((t) => `${TYPE_LABELS[t]} ${percent(e.distribution[t])}`).join(', ')}`,
    )
    .join('; ');
  return (
    <ChartFigure figureRef={ref}>
      <ChartSvg
        frame={frame}
        label={`Share of completed work per ${period}: ${judged.length === 0 ? 'nothing completed' : summary}`}
      >
        <ValueGrid frame={frame} unit="%" />
        <PeriodBars frame={frame} trend={trend} period={period} value={(e, t) => e.distribution[t] * 100} />
      </ChartSvg>
      <TypeLegend />
      <ShowAsTable>
        <PeriodTable
          trend={trend}
          period={period}
          label={`Share of completed work per ${period}`}
          cell={(e, t) => (e.velocity.total === 0 ? '–' : percent(e.distribution[t]))}
        />
      </ShowAsTable>
    </ChartFigure>
  );
}

/** One bar per period, its types stacked in the fixed order, labelled below now and then. */
function PeriodBars({
  frame,
  trend,
  period,
  value,
}: {
  frame: ChartFrame;
  trend: readonly TrendEntry[];
  period: 'week' | 'month';
  value: (entry: TrendEntry, type: FlowType) => number;
}): ReactNode {
  const { width, height, left, y } = frame;
  const slot = (width - left) / Math.max(1, trend.length);
  const barWidth = Math.max(4, slot * 0.7);
  const every = labelEvery(trend.length, width - left);
  return (
    <>
      {trend.map((e, i) => {
        let base = 0;
        const x = left + i * slot + (slot - barWidth) / 2;
        return (
          <g key={e.period}>
            <title>{`${e.period}: ${FLOW_TYPE_ORDER.map((t) => `${TYPE_LABELS[t]} ${e.velocity.byType[t]}`).join(', ')}`}</title>
            {FLOW_TYPE_ORDER.map((t) => {
              const v = value(e, t);
              if (v === 0) return null;
              const rect = (
                <rect
                  key={t}
                  x={x}
                  width={barWidth}
                  y={y(base + v)}
                  height={y(base) - y(base + v)}
                  fill={TYPE_COLORS[t]}
                />
              );
              base += v;
              return rect;
            })}
            {i % every === 0 && (
              <text x={x + barWidth / 2} y={height - 6} textAnchor="middle" fontSize={10} fill={TEXT_SUBTLE}>
                {axisDay(e.period, period)}
              </text>
            )}
          </g>
        );
      })}
    </>
  );
}

/** A chart's periods as a table: a figure per type, then any further columns. */
function PeriodTable({
  trend,
  period,
  label,
  cell,
  more = [],
}: {
  trend: readonly TrendEntry[];
  period: 'week' | 'month';
  label: string;
  cell: (entry: TrendEntry, type: FlowType) => ReactNode;
  more?: readonly { readonly head: string; readonly cell: (entry: TrendEntry) => ReactNode }[];
}): ReactNode {
  return (
    <DataTable label={label} width="medium" small>
      <HeadRow
        columns={[
          { name: period === 'month' ? 'Month' : 'Week of' },
          ...FLOW_TYPE_ORDER.map((t) => ({ name: TYPE_LABELS[t], align: 'end' as const })),
          ...more.map((m) => ({ name: m.head, align: 'end' as const })),
        ]}
      />
      <tbody>
        {trend.map((e) => (
          <tr key={e.period}>
            <RowHead>{e.period}</RowHead>
            {FLOW_TYPE_ORDER.map((t) => (
              <Cell key={t} align="end">
                {cell(e, t)}
              </Cell>
            ))}
            {more.map((m) => (
              <Cell key={m.head} align="end">
                {m.cell(e)}
              </Cell>
            ))}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
