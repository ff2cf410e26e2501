import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { TrendEntry } from '../../src/domain/flow-report';
import { BORDER, TEXT_SUBTLE, TYPE_COLORS } from './components';
import { FLOW_TYPE_ORDER, TYPE_LABELS } from './format';

/** Completed items per period, stacked by type; the same figures as a table for screen readers. */
export function TrendChart({
  trend,
  period,
}: {
  trend: readonly TrendEntry[];
  period: 'week' | 'month';
}): ReactNode {
  const width = 640;
  const height = 180;
  const left = 32;
  const bottom = 22;
  const max = Math.max(1, ...trend.map((e) => e.velocity.total));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const slot = (width - left) / Math.max(1, trend.length);
  const barWidth = Math.max(4, slot * 0.7);
  const y = (v: number): number => height - bottom - (v / top) * (height - bottom - 8);
  const labelEvery = Math.ceil(trend.length / 8);
  const summary = trend.map((e) => `${e.period}: ${e.velocity.total}`).join('; ');
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: width }}
        role="img"
        aria-label={`Completed items per ${period}: ${summary}`}
      >
        {Array.from({ length: top / step + 1 }, (_, i) => i * step).map((v) => (
          <g key={v}>
            <line x1={left} x2={width} y1={y(v)} y2={y(v)} stroke={BORDER} strokeWidth={1} />
            <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize={10} fill={TEXT_SUBTLE}>
              {v}
            </text>
          </g>
        ))}
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
      </svg>
      <details style={{ marginTop: token('space.050') }}>
        <summary style={{ cursor: 'pointer', color: TEXT_SUBTLE, fontSize: 12 }}>Show as a table</summary>
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
                    {e.velocity.byType[t]}
                  </td>
                ))}
                <td style={{ textAlign: 'right', padding: 4 }}>{e.canceled}</td>
                <td style={{ textAlign: 'right', padding: 4 }}>{e.load}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** A round step for about four gridlines up to `max` (at least 1). */
export function niceStep(max: number): number {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const candidates = [1, 2, 5, 10].map((m) => m * power);
  return Math.max(1, candidates.find((c) => c >= raw) ?? 10 * power);
}
