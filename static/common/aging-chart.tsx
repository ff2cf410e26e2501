import type { ReactNode } from 'react';
import type { FlowReport } from '../../src/domain/flow-report';
import type { FlowState } from '../../src/domain/types';
import {
  ChartFigure,
  ChartSvg,
  daysFrame,
  Dot,
  ItemTable,
  PercentileLines,
  ShowAsTable,
  TypeLegend,
  useChartWidth,
  ValueGrid,
} from './chart-parts';
import { Subtle, TEXT_SUBTLE } from './components';
import { days, plural, TYPE_LABELS } from './format';

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
  const { ref, width: chartWidth } = useChartWidth();
  if (items.length === 0) return <Subtle block>Nothing is in progress.</Subtle>;
  const { flowTime } = report;
  const columns = COLUMNS.filter((c) => c.state !== 'new' || items.some((i) => i.state === 'new'));
  const frame = daysFrame(
    items.map((i) => i.ageDays),
    flowTime,
    chartWidth,
  );
  const { width, height, left, right, y } = frame;
  const slot = (width - left - right) / columns.length;
  const p85 = flowTime.p85;
  const older = p85 === null ? 0 : items.filter((i) => i.ageDays > p85).length;
  const summary =
    `Age of ${plural(items.length, 'item')} in progress` +
    (p85 !== null ? `: ${older} older than the 85 % flow time of ${days(p85)}` : '');
  return (
    <ChartFigure figureRef={ref}>
      <ChartSvg frame={frame} label={summary}>
        <ValueGrid frame={frame} unit=" d" />
        <PercentileLines frame={frame} flowTime={flowTime} />
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
                <Dot
                  key={item.key}
                  x={left + ci * slot + slot / 2 + spread(k, slot)}
                  y={y(item.ageDays)}
                  type={item.type}
                  issueKey={item.key}
                  title={`${item.key} (${TYPE_LABELS[item.type]}): ${days(item.ageDays)} old, ${c.label.toLowerCase()}`}
                />
              ))}
          </g>
        ))}
      </ChartSvg>
      <TypeLegend round />
      <ShowAsTable>
        <ItemTable
          label="Age of each item in progress"
          items={items}
          text={{
            head: 'State',
            of: (item) => COLUMNS.find((c) => c.state === item.state)?.label ?? item.state,
          }}
          value={{ head: 'Age', of: (item) => days(item.ageDays) }}
        />
      </ShowAsTable>
    </ChartFigure>
  );
}

/** Dots of one column side by side, alternating left and right of its middle, within the column. */
function spread(k: number, slot: number): number {
  const room = slot * 0.8;
  const offset = ((k * 7) % 23) / 22 - 0.5;
  return offset * room;
}
