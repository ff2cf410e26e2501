import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { MetricTrend, PeriodWindow } from '../../../../src/domain/period-figures';
import {
  axisDay,
  ChartFigure,
  ChartSvg,
  chartFrame,
  labelEvery,
  Legend,
  ShowAsTable,
  useChartWidth,
  ValueGrid,
} from '../../../common/chart-parts';
import { TEXT_SUBTLE } from '../../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';
import { METRIC_LOOKS } from '../../../../src/presentation/figure-words';

const LINE = token('color.chart.blue.bold');
const SIGNAL = token('color.chart.danger.bold');
const LIMIT = token('color.border.bold');

/**
 * One metric period by period as a process-behaviour chart draws it (docs/flow-metrics.md#signal-or-noise):
 * the values joined by a line, the centre line and the natural process limits of the periods
 * before the latest dashed across, and the latest value marked as a signal when it is one.
 */
export function ProcessChart({
  trend,
  periods,
  period,
}: {
  trend: MetricTrend;
  periods: readonly PeriodWindow[];
  period: 'week' | 'month';
}): ReactNode {
  const look = METRIC_LOOKS[trend.metric];
  const { ref, width } = useChartWidth();
  const scaled = trend.values.map((v) => (v === null ? null : v * look.scale));
  const limits = trend.limits;
  const frame = chartFrame({
    width,
    height: 150,
    left: 40,
    right: 56,
    bottom: 22,
    max: Math.max(0, ...scaled.map((v) => v ?? 0), (limits?.upper ?? 0) * look.scale),
  });
  const plot = width - frame.left - frame.right;
  const x = (i: number): number =>
    frame.left + (periods.length <= 1 ? plot / 2 : (i * plot) / (periods.length - 1));
  const points = scaled.flatMap((v, i) => (v === null ? [] : [{ i, v }]));
  const every = labelEvery(periods.length, plot, 56);
  const lines =
    limits === null
      ? []
      : [
          { key: 'upper', label: 'upper limit', value: limits.upper },
          { key: 'centre', label: 'average', value: limits.centre },
          ...(limits.lower === null ? [] : [{ key: 'lower', label: 'lower limit', value: limits.lower }]),
        ];
  const signal = trend.behaviour.kind === 'signal';
  const last = points.at(-1);
  return (
    <ChartFigure figureRef={ref}>
      <ChartSvg
        frame={frame}
        label={`${look.title} per ${period}: ${periods.map((p, i) => `${axisDay(p.label, period)} ${look.format(trend.values[i] ?? null)}`).join('; ')}. ${trend.words}`}
      >
        <ValueGrid frame={frame} unit={look.unit} />
        {lines.map((l) => (
          <g key={l.key}>
            <line
              x1={frame.left}
              x2={width - frame.right}
              y1={frame.y(l.value * look.scale)}
              y2={frame.y(l.value * look.scale)}
              stroke={LIMIT}
              strokeDasharray={l.key === 'centre' ? '2 3' : '6 3'}
            />
            <text
              x={width - frame.right + 4}
              y={frame.y(l.value * look.scale) + 4}
              fontSize={10}
              fill={TEXT_SUBTLE}
            >
              {l.key === 'centre' ? 'avg' : l.key === 'upper' ? 'upper' : 'lower'}
            </text>
          </g>
        ))}
        <polyline
          fill="none"
          stroke={LINE}
          strokeWidth={2}
          points={points.map((p) => `${x(p.i)},${frame.y(p.v)}`).join(' ')}
        />
        {points.map((p) => (
          <circle
            key={p.i}
            cx={x(p.i)}
            cy={frame.y(p.v)}
            r={p === last ? 5 : 3}
            fill={p === last && signal ? SIGNAL : LINE}
          />
        ))}
        {periods.map((p, i) =>
          i % every === 0 || i === periods.length - 1 ? (
            <text
              key={p.label}
              x={x(i)}
              y={frame.height - 6}
              textAnchor="middle"
              fontSize={10}
              fill={TEXT_SUBTLE}
            >
              {axisDay(p.label, period)}
            </text>
          ) : null,
        )}
      </ChartSvg>
      <Legend
        entries={[{ key: 'value', label: look.title, color: LINE }]}
        round
        note={
          limits === null
            ? 'Too few periods for natural process limits.'
            : 'Dashed: the average and the natural process limits of the periods before the last.'
        }
      />
      <ShowAsTable>
        <DataTable label={`${look.title} per ${period}`} width="narrow" small>
          <HeadRow
            columns={[{ name: period === 'month' ? 'Month' : 'Week of' }, { name: look.title, align: 'end' }]}
          />
          <tbody>
            {periods.map((p, i) => (
              <tr key={p.label}>
                <RowHead>{axisDay(p.label, period)}</RowHead>
                <Cell align="end">{look.format(trend.values[i] ?? null)}</Cell>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </ShowAsTable>
    </ChartFigure>
  );
}
