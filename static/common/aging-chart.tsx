import { router } from '@forge/bridge';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { AgedItem, FlowReport } from '../../src/domain/flow-report';
import type { FlowState } from '../../src/domain/types';
import { BORDER, IssueLink, TEXT_SUBTLE, TYPE_COLORS, TypeLozenge } from './components';
import { days, plural, TYPE_LABELS } from './format';
import { niceStep } from './trend-chart';

/** The states an item in progress can be in, as columns. */
const COLUMNS: readonly { readonly state: FlowState; readonly label: string }[] = [
  { state: 'active', label: 'Active' },
  { state: 'waiting', label: 'Waiting' },
  { state: 'new', label: 'Back to not started' },
];

/**
 * The aging chart: each item in progress as a dot in the column of its current state, at its age,
 * against the flow-time percentiles of the items completed in the window (an item above the 85 %
 * line is older than 85 % of finished work took). A dot opens its work item; a table says the same.
 */
export function AgingChart({ report }: { report: FlowReport }): ReactNode {
  const items = report.age.items;
  if (items.length === 0) return <p style={{ color: TEXT_SUBTLE }}>Nothing is in progress.</p>;
  const { flowTime } = report;
  const columns = COLUMNS.filter((c) => c.state !== 'new' || items.some((i) => i.state === 'new'));
  const width = 640;
  const height = 240;
  const left = 40;
  const right = 72;
  const bottom = 24;
  const max = Math.max(1, ...items.map((i) => i.ageDays), flowTime.p95 ?? 0);
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const slot = (width - left - right) / columns.length;
  const y = (d: number): number => height - bottom - (d / top) * (height - bottom - 8);
  const p85 = flowTime.p85;
  const older = p85 === null ? 0 : items.filter((i) => i.ageDays > p85).length;
  const summary =
    `Age of ${plural(items.length, 'item')} in progress` +
    (p85 !== null ? `: ${older} older than the 85 % flow time of ${days(p85)}` : '');
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: width }}
        role="img"
        aria-label={summary}
      >
        {Array.from({ length: top / step + 1 }, (_, i) => i * step).map((v) => (
          <g key={v}>
            <line x1={left} x2={width - right} y1={y(v)} y2={y(v)} stroke={BORDER} strokeWidth={1} />
            <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize={10} fill={TEXT_SUBTLE}>
              {v} d
            </text>
          </g>
        ))}
        {(['p50', 'p85', 'p95'] as const).map((k) => {
          const v = flowTime[k];
          if (v === null) return null;
          return (
            <g key={k}>
              <line
                x1={left}
                x2={width - right}
                y1={y(v)}
                y2={y(v)}
                stroke={token('color.border.bold')}
                strokeDasharray="4 3"
              />
              <text x={width - right + 4} y={y(v) + 4} fontSize={10} fill={TEXT_SUBTLE}>
                {k.slice(1)} % {days(v)}
              </text>
            </g>
          );
        })}
        {columns.map((c, ci) => (
          <g key={c.state}>
            <text
              x={left + ci * slot + slot / 2}
              y={height - 6}
              textAnchor="middle"
              fontSize={11}
              fill={TEXT_SUBTLE}
            >
              {c.label} ({items.filter((i) => i.state === c.state).length})
            </text>
            {items
              .filter((i) => i.state === c.state)
              .map((item, k) => (
                <circle
                  key={item.key}
                  cx={left + ci * slot + slot / 2 + spread(k, slot)}
                  cy={y(item.ageDays)}
                  r={3.5}
                  fill={TYPE_COLORS[item.type]}
                  fillOpacity={0.85}
                  style={{ cursor: 'pointer' }}
                  onClick={() => {
                    void router.navigate(`/browse/${item.key}`);
                  }}
                >
                  <title>{`${item.key} (${TYPE_LABELS[item.type]}): ${days(item.ageDays)} old, ${c.label.toLowerCase()}`}</title>
                </circle>
              ))}
          </g>
        ))}
      </svg>
      <details style={{ marginTop: token('space.050') }}>
        <summary style={{ cursor: 'pointer', color: TEXT_SUBTLE, fontSize: 12 }}>Show as a table</summary>
        <AgingTable items={items} />
      </details>
    </figure>
  );
}

/** Dots of one column side by side, alternating left and right of its middle, within the column. */
function spread(k: number, slot: number): number {
  const room = slot * 0.8;
  const offset = ((k * 7) % 23) / 22 - 0.5;
  return offset * room;
}

function AgingTable({ items }: { items: readonly AgedItem[] }): ReactNode {
  return (
    <table style={{ borderCollapse: 'collapse', fontSize: 12 }} aria-label="Age of each item in progress">
      <thead>
        <tr>
          {['Work item', 'Type', 'State', 'Age'].map((h) => (
            <th key={h} scope="col" style={{ textAlign: h === 'Age' ? 'right' : 'left', padding: 4 }}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.key}>
            <th scope="row" style={{ textAlign: 'left', padding: 4, fontWeight: 400 }}>
              <IssueLink issueKey={item.key} />
            </th>
            <td style={{ padding: 4 }}>
              <TypeLozenge type={item.type} />
            </td>
            <td style={{ padding: 4 }}>{COLUMNS.find((c) => c.state === item.state)?.label ?? item.state}</td>
            <td style={{ textAlign: 'right', padding: 4 }}>{days(item.ageDays)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
