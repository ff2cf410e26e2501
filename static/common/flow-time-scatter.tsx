import { router } from '@forge/bridge';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { FlowReport } from '../../src/domain/flow-report';
import { BORDER, IssueLink, TEXT_SUBTLE, TYPE_COLORS, TypeLozenge } from './components';
import { days, FLOW_TYPE_ORDER, plural, TYPE_LABELS } from './format';
import { niceStep } from './trend-chart';

const DAY_MS = 86_400_000;
const PERCENTILES = [
  ['p50', '50 %'],
  ['p85', '85 %'],
  ['p95', '95 %'],
] as const;

/**
 * The flow-time scatterplot: each item completed in the window as a dot at its completion and its
 * flow time, with the 50th, 85th and 95th percentile lines ("85 % of items finish within …").
 * A dot opens its work item; the same items are a table for those who do not read charts.
 */
export function FlowTimeScatter({ report }: { report: FlowReport }): ReactNode {
  const items = report.completedItems;
  const { flowTime } = report;
  if (items.length === 0) {
    return <p style={{ color: TEXT_SUBTLE }}>No item was completed with a flow time in this window.</p>;
  }
  const width = 640;
  const height = 240;
  const left = 40;
  const right = 72;
  const bottom = 24;
  const start = Date.parse(`${report.window.from}T00:00:00Z`);
  const end = Date.parse(`${report.window.to}T00:00:00Z`) + DAY_MS;
  const max = Math.max(1, ...items.map((i) => i.flowTimeDays), flowTime.p95 ?? 0);
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const x = (at: number): number => left + ((at - start) / Math.max(1, end - start)) * (width - left - right);
  const y = (d: number): number => height - bottom - (d / top) * (height - bottom - 8);
  const months = monthStarts(start, end);
  const labelEvery = Math.ceil(months.length / 6);
  const p85 = flowTime.p85;
  const summary =
    `Flow time of ${plural(items.length, 'completed item')} from ${report.window.from} to ${report.window.to}` +
    (p85 !== null ? `: 85 % within ${days(p85)}, half within ${days(flowTime.p50)}` : '');
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
        {months.map((m, i) =>
          i % labelEvery === 0 ? (
            <text key={m} x={x(m)} y={height - 6} textAnchor="middle" fontSize={10} fill={TEXT_SUBTLE}>
              {new Date(m).toISOString().slice(0, 7)}
            </text>
          ) : null,
        )}
        {/* Under the dots, so that every dot can be clicked. */}
        {PERCENTILES.map(([k, label]) => {
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
                {label} {days(v)}
              </text>
            </g>
          );
        })}
        {items.map((item) => (
          <circle
            key={item.key}
            cx={x(Date.parse(item.completedAt))}
            cy={y(item.flowTimeDays)}
            r={3.5}
            fill={TYPE_COLORS[item.type]}
            fillOpacity={0.8}
            style={{ cursor: 'pointer' }}
            onClick={() => {
              void router.navigate(`/browse/${item.key}`);
            }}
          >
            <title>{`${item.key} (${TYPE_LABELS[item.type]}): ${days(item.flowTimeDays)}, completed ${item.completedAt.slice(0, 10)}`}</title>
          </circle>
        ))}
      </svg>
      <div style={{ display: 'flex', gap: token('space.150'), fontSize: 12, color: TEXT_SUBTLE }}>
        {FLOW_TYPE_ORDER.map((t) => (
          <span key={t}>
            <span
              aria-hidden
              style={{
                display: 'inline-block',
                width: 8,
                height: 8,
                borderRadius: 4,
                background: TYPE_COLORS[t],
                marginRight: 4,
              }}
            />
            {TYPE_LABELS[t]}
          </span>
        ))}
        {report.completedItemsOmitted > 0 && (
          <span>{plural(report.completedItemsOmitted, 'earlier item')} not drawn</span>
        )}
      </div>
      <details style={{ marginTop: token('space.050') }}>
        <summary style={{ cursor: 'pointer', color: TEXT_SUBTLE, fontSize: 12 }}>Show as a table</summary>
        <table
          style={{ borderCollapse: 'collapse', fontSize: 12 }}
          aria-label="Flow time of each completed item"
        >
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: 'left', padding: 4 }}>
                Work item
              </th>
              <th scope="col" style={{ textAlign: 'left', padding: 4 }}>
                Type
              </th>
              <th scope="col" style={{ textAlign: 'left', padding: 4 }}>
                Completed
              </th>
              <th scope="col" style={{ textAlign: 'right', padding: 4 }}>
                Flow time
              </th>
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
                <td style={{ padding: 4 }}>{item.completedAt.slice(0, 10)}</td>
                <td style={{ textAlign: 'right', padding: 4 }}>{days(item.flowTimeDays)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The first instant (UTC) of each month that begins inside [start, end). */
function monthStarts(start: number, end: number): number[] {
  const out: number[] = [];
  const d = new Date(start);
  let m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (d.getUTCDate() === 1 ? 0 : 1), 1);
  while (m < end) {
    out.push(m);
    const n = new Date(m);
    m = Date.UTC(n.getUTCFullYear(), n.getUTCMonth() + 1, 1);
  }
  return out;
}
