import { cssMap } from '@atlaskit/css';
import { router } from '@forge/bridge';
import { Box, Inline } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode, RefObject } from 'react';
import type { DurationSummary } from '../../src/domain/stats';
import type { FlowType } from '../../src/domain/types';
import { BORDER, IssueLink, Subtle, Swatch, TEXT_SUBTLE, TYPE_COLORS, TypeLozenge } from './components';
import { Cell, DataTable, HeadRow, RowHead } from './data-table';
import { days, FLOW_TYPE_ORDER, TYPE_LABELS } from './format';
import { useWidth } from './use-width';

const styles = cssMap({
  figure: { marginBlock: token('space.0'), marginInline: token('space.0') },
  tableToggle: { marginBlockStart: token('space.050') },
  summary: { cursor: 'pointer' },
});

/**
 * What the project's SVG charts share: the frame (size, margins, a vertical scale up to a round
 * top), the value grid, the flow-time percentile lines and the table every chart can be read as
 * instead.
 */

export interface ChartFrame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly bottom: number;
  /** The top of the scale and its gridline step. */
  readonly top: number;
  readonly step: number;
  /** The vertical position of a value. */
  readonly y: (value: number) => number;
}

export function chartFrame(size: {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly bottom: number;
  /** The largest value to show; the scale ends at the next round step above it. */
  readonly max: number;
}): ChartFrame {
  const step = niceStep(Math.max(1, size.max));
  const top = Math.ceil(Math.max(1, size.max) / step) * step;
  const y = (v: number): number => size.height - size.bottom - (v / top) * (size.height - size.bottom - 8);
  return { ...size, top, step, y };
}

/**
 * The frame of a chart of days drawn against the flow-time percentile lines: tall enough for the
 * largest value and the 95 % line, with room at the right for the lines' labels.
 */
export function daysFrame(values: readonly number[], flowTime: DurationSummary, width: number): ChartFrame {
  return chartFrame({
    width,
    height: 240,
    left: 40,
    right: 72,
    bottom: 24,
    max: Math.max(...values, flowTime.p95 ?? 0),
  });
}

/** A round step for about four gridlines up to `max` (at least 1). */
export function niceStep(max: number): number {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const candidates = [1, 2, 5, 10].map((m) => m * power);
  return Math.max(1, candidates.find((c) => c >= raw) ?? 10 * power);
}

/** Charts are drawn at the width of their section, within these bounds, at one pixel a unit. */
const CHART_MIN_WIDTH = 320;
const CHART_MAX_WIDTH = 1400;
const CHART_DEFAULT_WIDTH = 640;

/**
 * The width a chart has: its figure's, as laid out and as the frame is resized (a chart of a fixed
 * 640 px left the rest of a wide page empty, and overflowed a narrow one).
 */
export function useChartWidth(): { readonly ref: RefObject<HTMLElement | null>; readonly width: number } {
  const { ref, width } = useWidth<HTMLElement>();
  const measured = width ?? CHART_DEFAULT_WIDTH;
  return { ref, width: Math.min(CHART_MAX_WIDTH, Math.max(CHART_MIN_WIDTH, measured)) };
}

/** A chart with what goes under it (legend, table): a figure without the browser's indent. */
export function ChartFigure({
  children,
  figureRef,
}: {
  children: ReactNode;
  /** Where the chart measures its width (useChartWidth). */
  figureRef?: RefObject<HTMLElement | null>;
}): ReactNode {
  return (
    <Box as="figure" xcss={styles.figure} ref={figureRef}>
      {children}
    </Box>
  );
}

/**
 * A day on a chart's time axis, by one rule for every chart: an ISO date (2013-05-06) for a day or
 * a week, an ISO month (2013-06) for a month, as the page writes dates everywhere else.
 */
export function axisDay(day: string, unit: 'day' | 'week' | 'month'): string {
  return unit === 'month' ? day.slice(0, 7) : day.slice(0, 10);
}

/** How many ticks apart labels go, so that labels of `labelPx` do not overlap on `plotPx`. */
export function labelEvery(ticks: number, plotPx: number, labelPx = 72): number {
  return Math.max(1, Math.ceil(ticks / Math.max(1, Math.floor(plotPx / labelPx))));
}

/** The chart's SVG: an image whose label says what it shows. */
export function ChartSvg({
  frame,
  label,
  children,
}: {
  frame: ChartFrame;
  label: string;
  children: ReactNode;
}): ReactNode {
  return (
    <svg
      viewBox={`0 0 ${frame.width} ${frame.height}`}
      width={frame.width}
      height={frame.height}
      role="img"
      aria-label={label}
    >
      {children}
    </svg>
  );
}

/** Horizontal gridlines at each step, labelled at the left (`unit` after the number). */
export function ValueGrid({ frame, unit = '' }: { frame: ChartFrame; unit?: string }): ReactNode {
  const values = Array.from({ length: frame.top / frame.step + 1 }, (_, i) => i * frame.step);
  return values.map((v) => (
    <g key={v}>
      <line
        x1={frame.left}
        x2={frame.width - frame.right}
        y1={frame.y(v)}
        y2={frame.y(v)}
        stroke={BORDER}
        strokeWidth={1}
      />
      <text x={frame.left - 6} y={frame.y(v) + 4} textAnchor="end" fontSize={10} fill={TEXT_SUBTLE}>
        {v}
        {unit}
      </text>
    </g>
  ));
}

/** The 50, 85 and 95 % flow-time lines, dashed, labelled at the right. */
export function PercentileLines({
  frame,
  flowTime,
}: {
  frame: ChartFrame;
  flowTime: DurationSummary;
}): ReactNode {
  return (['p50', 'p85', 'p95'] as const).map((k) => {
    const v = flowTime[k];
    if (v === null) return null;
    return (
      <g key={k}>
        <line
          x1={frame.left}
          x2={frame.width - frame.right}
          y1={frame.y(v)}
          y2={frame.y(v)}
          stroke={token('color.border.bold')}
          strokeDasharray="4 3"
        />
        <text x={frame.width - frame.right + 4} y={frame.y(v) + 4} fontSize={10} fill={TEXT_SUBTLE}>
          {k.slice(1)} % {days(v)}
        </text>
      </g>
    );
  });
}

/** Which colour is which series, under a chart; `note` adds a remark at its end. */
export function Legend({
  entries,
  round = false,
  note,
}: {
  entries: readonly { readonly key: string; readonly label: string; readonly color: string }[];
  round?: boolean;
  note?: ReactNode;
}): ReactNode {
  return (
    <Inline space="space.150" shouldWrap>
      {entries.map((e) => (
        <Subtle key={e.key}>
          <Swatch color={e.color} round={round} />
          {e.label}
        </Subtle>
      ))}
      {note !== undefined && <Subtle>{note}</Subtle>}
    </Inline>
  );
}

const TYPE_ENTRIES = FLOW_TYPE_ORDER.map((t) => ({ key: t, label: TYPE_LABELS[t], color: TYPE_COLORS[t] }));

/** Which colour is which type. */
export function TypeLegend({ round = false, note }: { round?: boolean; note?: ReactNode }): ReactNode {
  return <Legend entries={TYPE_ENTRIES} round={round} note={note} />;
}

/** The chart's figures as a table, opened on asking. */
export function ShowAsTable({ children }: { children: ReactNode }): ReactNode {
  return (
    <Box as="details" xcss={styles.tableToggle}>
      <Box as="summary" xcss={styles.summary}>
        <Subtle>Show as a table</Subtle>
      </Box>
      {children}
    </Box>
  );
}

/**
 * The work items a chart draws, as a table: each one's key (a link to it) and type, then the
 * chart's own two figures for it (`text`, then `value` aligned right).
 */
export function ItemTable<T extends { readonly key: string; readonly type: FlowType }>({
  label,
  items,
  text,
  value,
}: {
  label: string;
  items: readonly T[];
  text: { readonly head: string; readonly of: (item: T) => string };
  value: { readonly head: string; readonly of: (item: T) => string };
}): ReactNode {
  return (
    <DataTable label={label} width="medium" small>
      <HeadRow
        columns={[
          { name: 'Work item' },
          { name: 'Type' },
          { name: text.head },
          { name: value.head, align: 'end' },
        ]}
      />
      <tbody>
        {items.map((item) => (
          <tr key={item.key}>
            <RowHead>
              <IssueLink issueKey={item.key} />
            </RowHead>
            <Cell>
              <TypeLozenge type={item.type} />
            </Cell>
            <Cell>{text.of(item)}</Cell>
            <Cell align="end">{value.of(item)}</Cell>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/**
 * A work item as a dot that opens it: a small mark, in a target of 24 px (a 7 px dot was hard to
 * hit, and the mark is what a dense chart can afford).
 */
export function Dot({
  x,
  y,
  type,
  issueKey,
  title,
}: {
  x: number;
  y: number;
  type: FlowType;
  issueKey: string;
  title: string;
}): ReactNode {
  return (
    <g
      style={{ cursor: 'pointer' }}
      onClick={() => {
        void router.navigate(`/browse/${issueKey}`);
      }}
    >
      <title>{title}</title>
      <circle cx={x} cy={y} r={12} fill="transparent" />
      <circle cx={x} cy={y} r={4} fill={TYPE_COLORS[type]} fillOpacity={0.85} />
    </g>
  );
}
