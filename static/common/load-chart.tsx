import type { ReactNode } from 'react';
import type { DailyLoad } from '../../src/domain/flow-report';
import type { FlowType } from '../../src/domain/types';
import { ChartSvg, chartFrame, ShowAsTable, TypeLegend, ValueGrid } from './chart-parts';
import { TEXT_SUBTLE, TYPE_COLORS } from './components';
import { FLOW_TYPE_ORDER, TYPE_LABELS } from './format';

const total = (d: DailyLoad): number => FLOW_TYPE_ORDER.reduce((n, t) => n + d.byType[t], 0);

/**
 * Flow load day by day: the items in progress at the end of each day of the window, stacked by
 * type, so a rising load (work started faster than it finishes) shows before flow time grows.
 */
export function LoadChart({ daily }: { daily: readonly DailyLoad[] }): ReactNode {
  const frame = chartFrame({
    width: 640,
    height: 160,
    left: 32,
    right: 0,
    bottom: 22,
    max: Math.max(0, ...daily.map(total)),
  });
  const { width, height, left, y } = frame;
  const step = (width - left) / Math.max(1, daily.length - 1);
  const x = (i: number): number => left + i * step;
  // Each type's band lies on the ones before it: its upper edge is the running sum.
  const bands = FLOW_TYPE_ORDER.map((type, level) => {
    const below = (d: DailyLoad): number =>
      FLOW_TYPE_ORDER.slice(0, level).reduce((n, t) => n + d.byType[t], 0);
    const upper = daily.map((d, i) => `${x(i)},${y(below(d) + d.byType[type])}`);
    const lower = daily.map((d, i) => `${x(i)},${y(below(d))}`).reverse();
    return { type, points: [...upper, ...lower].join(' ') };
  });
  const peak = daily.reduce<DailyLoad | null>((p, d) => (p === null || total(d) > total(p) ? d : p), null);
  const last = daily.at(-1);
  const label =
    peak === null || last === undefined
      ? 'Flow load per day: no days in the window'
      : `Flow load per day from ${daily[0]?.day ?? ''} to ${last.day}: ${total(last)} in progress at the end, at most ${total(peak)} on ${peak.day}`;
  const labelEvery = Math.max(1, Math.ceil(daily.length / 8));
  return (
    <figure style={{ margin: 0 }}>
      <ChartSvg frame={frame} label={label}>
        <ValueGrid frame={frame} />
        {daily.length > 1 &&
          bands.map((b) => (
            <polygon key={b.type} points={b.points} fill={TYPE_COLORS[b.type]} fillOpacity={0.85} />
          ))}
        {daily.map((d, i) =>
          i % labelEvery === 0 ? (
            <text key={d.day} x={x(i)} y={height - 6} textAnchor="middle" fontSize={10} fill={TEXT_SUBTLE}>
              {d.day.slice(5)}
            </text>
          ) : null,
        )}
      </ChartSvg>
      <TypeLegend />
      <ShowAsTable>
        <LoadTable daily={daily} />
      </ShowAsTable>
    </figure>
  );
}

function LoadTable({ daily }: { daily: readonly DailyLoad[] }): ReactNode {
  const right = { textAlign: 'right', padding: 4 } as const;
  const cell = (d: DailyLoad, t: FlowType): ReactNode => (
    <td key={t} style={right}>
      {d.byType[t]}
    </td>
  );
  return (
    <table style={{ borderCollapse: 'collapse', fontSize: 12 }} aria-label="Flow load per day">
      <thead>
        <tr>
          <th scope="col" style={{ textAlign: 'left', padding: 4 }}>
            Day
          </th>
          {FLOW_TYPE_ORDER.map((t) => (
            <th key={t} scope="col" style={right}>
              {TYPE_LABELS[t]}
            </th>
          ))}
          <th scope="col" style={right}>
            All
          </th>
        </tr>
      </thead>
      <tbody>
        {daily.map((d) => (
          <tr key={d.day}>
            <th scope="row" style={{ textAlign: 'left', padding: 4, fontWeight: 400 }}>
              {d.day}
            </th>
            {FLOW_TYPE_ORDER.map((t) => cell(d, t))}
            <td style={right}>{total(d)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
