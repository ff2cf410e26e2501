import type { ReactNode } from 'react';
import type { FlowReport } from '../../src/domain/flow-report';
import {
  axisDay,
  ChartFigure,
  ChartSvg,
  daysFrame,
  Dot,
  ItemTable,
  labelEvery,
  PercentileLines,
  ShowAsTable,
  TypeLegend,
  useChartWidth,
  ValueGrid,
} from './chart-parts';
import { Subtle, TEXT_SUBTLE } from './components';
import { dayIn, days, plural, TYPE_LABELS } from './format';

const DAY_MS = 86_400_000;

/**
 * The flow-time scatterplot: each item completed in the window as a dot at its completion and its
 * flow time, with the 50th, 85th and 95th percentile lines ("85 % of items finish within …").
 * A dot opens its work item; the same items are a table for those who do not read charts.
 */
export function FlowTimeScatter({ report }: { report: FlowReport }): ReactNode {
  const items = report.completedItems;
  const zone = report.window.timeZone;
  const { flowTime } = report;
  const { ref, width: chartWidth } = useChartWidth();
  if (items.length === 0) {
    return <Subtle block>No item was completed with a flow time in this window.</Subtle>;
  }
  const frame = daysFrame(
    items.map((i) => i.flowTimeDays),
    flowTime,
    chartWidth,
  );
  const { width, height, left, right, y } = frame;
  const start = Date.parse(`${report.window.from}T00:00:00Z`);
  const end = Date.parse(`${report.window.to}T00:00:00Z`) + DAY_MS;
  const x = (at: number): number => left + ((at - start) / Math.max(1, end - start)) * (width - left - right);
  const months = monthStarts(start, end);
  const every = labelEvery(months.length, width - left - right, 56);
  const p85 = flowTime.p85;
  const summary =
    `Flow time of ${plural(items.length, 'completed item')} from ${report.window.from} to ${report.window.to}` +
    (p85 !== null ? `: 85 % within ${days(p85)}, half within ${days(flowTime.p50)}` : '');
  return (
    <ChartFigure figureRef={ref}>
      <ChartSvg frame={frame} label={summary}>
        <ValueGrid frame={frame} unit=" d" />
        {months.map((m, i) =>
          i % every === 0 ? (
            <text key={m} x={x(m)} y={height - 6} textAnchor="middle" fontSize={10} fill={TEXT_SUBTLE}>
              {axisDay(new Date(m).toISOString(), 'month')}
            </text>
          ) : null,
        )}
        {/* Under the dots, so that every dot can be clicked. */}
        <PercentileLines frame={frame} flowTime={flowTime} />
        {items.map((item) => (
          <Dot
            key={item.key}
            x={x(Date.parse(item.completedAt))}
            y={y(item.flowTimeDays)}
            type={item.type}
            issueKey={item.key}
            title={`${item.key} (${TYPE_LABELS[item.type]}): ${days(item.flowTimeDays)}, completed ${dayIn(item.completedAt, zone)}`}
          />
        ))}
      </ChartSvg>
      <TypeLegend
        round
        note={
          report.completedItemsOmitted > 0 && (
            <span>{plural(report.completedItemsOmitted, 'earlier item')} not drawn</span>
          )
        }
      />
      <ShowAsTable>
        <ItemTable
          label="Flow time of each completed item"
          items={items}
          text={{ head: 'Completed', of: (item) => dayIn(item.completedAt, zone) }}
          value={{ head: 'Flow time', of: (item) => days(item.flowTimeDays) }}
        />
      </ShowAsTable>
    </ChartFigure>
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
