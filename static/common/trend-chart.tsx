import type { ReactNode } from 'react';
import type { FlowCount } from '../../src/domain/flow-counts';
import type { TrendEntry } from '../../src/domain/flow-report';
import { ChartSvg, chartFrame, ShowAsTable, ValueGrid } from './chart-parts';
import { CountLink, TEXT_SUBTLE, TYPE_COLORS } from './components';
import { FLOW_TYPE_ORDER, TYPE_LABELS } from './format';

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
  const frame = chartFrame({
    width: 640,
    height: 180,
    left: 32,
    right: 0,
    bottom: 22,
    max: Math.max(...trend.map((e) => e.velocity.total)),
  });
  const { width, height, left, y } = frame;
  const slot = (width - left) / Math.max(1, trend.length);
  const barWidth = Math.max(4, slot * 0.7);
  const labelEvery = Math.ceil(trend.length / 8);
  const summary = trend.map((e) => `${e.period}: ${e.velocity.total}`).join('; ');
  return (
    <figure style={{ margin: 0 }}>
      <ChartSvg frame={frame} label={`Completed items per ${period}: ${summary}`}>
        <ValueGrid frame={frame} />
        {trend.map((e, i) => {
          let base = 0;
          const x = left + i * slot + (slot - barWidth) / 2;
          return (
            <g key={e.period}>
              <title>{`${e.period}: ${FLOW_TYPE_ORDER.map((t) => `${TYPE_LABELS[t]} ${e.velocity.byType[t]}`).join(', ')}`}</title>
              {FLOW_TYPE_ORDER.map((t) => {
                const v = e.velocity.byType[t];
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
              {i % labelEvery === 0 && (
                <text
                  x={x + barWidth / 2}
                  y={height - 6}
                  textAnchor="middle"
                  fontSize={10}
                  fill={TEXT_SUBTLE}
                >
                  {period === 'month' ? e.period.slice(0, 7) : e.period.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </ChartSvg>
      <ShowAsTable>
        <table style={{ borderCollapse: 'collapse', fontSize: 12 }}>
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: 'left', padding: 4 }}>
                {period === 'month' ? 'Month' : 'Week of'}
              </th>
              {FLOW_TYPE_ORDER.map((t) => (
                <th key={t} scope="col" style={{ textAlign: 'right', padding: 4 }}>
                  {TYPE_LABELS[t]}
                </th>
              ))}
              <th scope="col" style={{ textAlign: 'right', padding: 4 }}>
                Canceled
              </th>
              <th scope="col" style={{ textAlign: 'right', padding: 4 }}>
                In progress at end
              </th>
            </tr>
          </thead>
          <tbody>
            {trend.map((e) => (
              <tr key={e.period}>
                <th scope="row" style={{ textAlign: 'left', padding: 4, fontWeight: 400 }}>
                  {e.period}
                </th>
                {FLOW_TYPE_ORDER.map((t) => (
                  <td key={t} style={{ textAlign: 'right', padding: 4 }}>
                    <CountLink
                      value={e.velocity.byType[t]}
                      what={`${TYPE_LABELS[t].toLowerCase()} completed in the ${period} of ${e.period}`}
                      onOpen={open({ kind: 'completed', type: t, period: e.period }, e.velocity.byType[t])}
                    />
                  </td>
                ))}
                <td style={{ textAlign: 'right', padding: 4 }}>
                  <CountLink
                    value={e.canceled}
                    what={`canceled in the ${period} of ${e.period}`}
                    onOpen={open({ kind: 'canceled', period: e.period }, e.canceled)}
                  />
                </td>
                <td style={{ textAlign: 'right', padding: 4 }}>{e.load}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ShowAsTable>
    </figure>
  );
}
