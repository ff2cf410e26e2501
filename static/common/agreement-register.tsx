import { cssMap } from '@atlaskit/css';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { Box, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import type { ReactNode } from 'react';
import type { RegisterRow } from '../../src/contract';
import {
  AGREEMENT_STATUSES,
  INTEREST_LEVELS,
  type AgreementStatus,
  type Interest,
} from '../../src/domain/agreement';
import { STATUS_WORDS } from './agreement-words';
import { IssueLink } from './components';
import { days } from './format';
import { useWidth } from './use-width';

const styles = cssMap({
  // A date breaks at its hyphens in a narrow column; it is read as one word.
  date: { whiteSpace: 'nowrap' },
});

/**
 * The register of agreements as a table: ranked as the server ranked it
 * (docs/debt-agreements.md#score-and-rank), and sortable by any column a person wants to see
 * first. The project page and the agreements gadget show the same table.
 */

// A date column sorts as text; '~' sorts after every digit, so a missing date comes after the
// latest one in ascending order. Each column keeps one type of sort key.
const LAST = '~';

const INTEREST_SHORT: Readonly<Record<Interest, string>> = { high: 'High', medium: 'Medium', low: 'Low' };

interface Cell {
  readonly key: string | number;
  readonly content: ReactNode;
}

interface Column {
  readonly key: string;
  readonly title: string;
  /**
   * Which columns stay as the table narrows, as Jira's own tables choose them: the lowest first.
   * Epic and status always; then what a reader of a register looks for first: when it is due, when
   * it will be repaid, how far it is; the rank goes before them, since the rows are in its order.
   */
  readonly priority: number;
  /** The width (px) the column needs to read on one line or two, header included. */
  readonly width: number;
  readonly cell: (row: RegisterRow, index: number) => Cell;
}

const COLUMNS: readonly Column[] = [
  {
    key: 'rank',
    title: 'Rank',
    priority: 4,
    width: 32,
    cell: (_, index) => ({ key: index, content: index + 1 }),
  },
  {
    key: 'epic',
    title: 'Epic',
    priority: 0,
    width: 130,
    cell: (row) => ({
      key: row.key,
      content: (
        <>
          <IssueLink issueKey={row.key} /> {row.summary}
        </>
      ),
    }),
  },
  {
    key: 'project',
    title: 'Space',
    priority: 5,
    width: 60,
    cell: (row) => ({ key: row.projectKey, content: row.projectKey }),
  },
  {
    key: 'status',
    title: 'Status',
    priority: 0,
    width: 88,
    cell: (row) => ({
      key: AGREEMENT_STATUSES.indexOf(row.status),
      content: (
        <span title={row.problem ?? undefined}>
          <Lozenge appearance={STATUS_WORDS[row.status].appearance}>{STATUS_WORDS[row.status].label}</Lozenge>
        </span>
      ),
    }),
  },
  {
    key: 'interest',
    title: 'Interest',
    priority: 7,
    width: 64,
    cell: (row) => ({
      key: row.interest === null ? INTEREST_LEVELS.length : INTEREST_LEVELS.indexOf(row.interest),
      content: row.interest === null ? '–' : INTEREST_SHORT[row.interest],
    }),
  },
  {
    key: 'score',
    title: 'WSJF',
    priority: 10,
    width: 48,
    cell: (row) => ({ key: row.score ?? -Infinity, content: row.score?.toFixed(2) ?? '–' }),
  },
  { key: 'due', title: 'Due', priority: 1, width: 80, cell: (row) => dateCell(row.dueDate) },
  // A repaid or cancelled agreement is not reviewed any more.
  {
    key: 'review',
    title: 'Next review',
    priority: 6,
    width: 80,
    cell: (row) => dateCell(row.state === 'open' ? row.nextReviewDate : null),
  },
  {
    key: 'owner',
    title: 'Owner',
    priority: 8,
    width: 100,
    cell: (row) => ({
      key: row.owner?.displayName ?? LAST,
      content: row.owner === null ? '–' : (row.owner.displayName ?? 'hidden'),
    }),
  },
  {
    key: 'progress',
    title: 'Repaid',
    priority: 3,
    width: 48,
    cell: ({ progress: p }) => ({
      key: p === null || p.done + p.open === 0 ? -1 : p.done / (p.done + p.open),
      content: p === null ? '–' : `${p.done} of ${p.done + p.open}`,
    }),
  },
  { key: 'forecast', title: 'Forecast (85 %)', priority: 2, width: 80, cell: forecastCell },
  {
    key: 'evidence',
    title: 'Flow time p85: epic / space',
    priority: 9,
    width: 130,
    cell: ({ evidence: e }) => ({
      key: e?.epic.flowTimeP85 ?? -1,
      content: e === null ? '–' : `${days(e.epic.flowTimeP85)} / ${days(e.project.flowTimeP85)}`,
    }),
  },
];

function DateText({ children }: { children: string }): ReactNode {
  return (
    <Box as="span" xcss={styles.date}>
      {children}
    </Box>
  );
}

function dateCell(day: string | null): Cell {
  return { key: day ?? LAST, content: <DateText>{day ?? '–'}</DateText> };
}

function forecastCell(row: RegisterRow): Cell {
  const f = row.forecast;
  if (f === null) return { key: LAST, content: '–' };
  if (f.kind === 'nothing-left') return { key: LAST, content: 'Nothing left' };
  if (f.kind === 'cannot-forecast') return { key: LAST, content: <span title={f.reason}>No forecast</span> };
  return {
    key: f.date,
    content: (
      <>
        <DateText>{f.date}</DateText>{' '}
        {row.status === 'overdue' ? (
          <Lozenge appearance="removed">late</Lozenge>
        ) : (
          f.atRisk === true && <Lozenge appearance="removed">At risk</Lozenge>
        )}
      </>
    ),
  };
}

/** What a table cell adds to its content's width, on its two sides. */
const CELL_PADDING = 16;

/**
 * The columns that fit `width`, by priority, in the table's order; all of them while the width is
 * not known. What does not fit is named under the table, and the CSV export has every column.
 */
export function columnsFor(
  width: number | null,
  showProject: boolean,
): { shown: Column[]; hidden: Column[] } {
  const candidates = COLUMNS.filter((c) => showProject || c.key !== 'project');
  if (width === null) return { shown: candidates, hidden: [] };
  const kept = new Set<string>();
  let used = 0;
  for (const c of [...candidates].sort((a, b) => a.priority - b.priority)) {
    if (c.priority > 0 && used + c.width + CELL_PADDING > width) continue;
    kept.add(c.key);
    used += c.width + CELL_PADDING;
  }
  return {
    shown: candidates.filter((c) => kept.has(c.key)),
    hidden: candidates.filter((c) => !kept.has(c.key)),
  };
}

/** A column's width as a percentage of the table's, the epic taking what the others leave. */
function shareOf(column: Column, columns: readonly Column[], width: number): number {
  const need = (c: Column): number => Math.min(40, ((c.width + CELL_PADDING) / width) * 100);
  if (column.key !== 'epic') return need(column);
  return Math.max(15, 100 - columns.filter((c) => c.key !== 'epic').reduce((n, c) => n + need(c), 0));
}

export function RegisterTable({
  rows,
  showProject,
  caption,
  more = '',
}: {
  rows: readonly RegisterRow[];
  showProject: boolean;
  caption: string;
  /** Where the columns not shown can be read, said after their names. */
  more?: string;
}): ReactNode {
  const { ref, width } = useWidth<HTMLDivElement>();
  const { shown: columns, hidden } = columnsFor(width, showProject);
  return (
    <Box ref={ref}>
      <DynamicTable
        // Another set of columns is another table: a sort by a column that left would not hold.
        key={columns.map((c) => c.key).join(' ')}
        caption={
          <Text size="medium" weight="semibold">
            {caption}
          </Text>
        }
        head={{
          cells: columns.map((c) => ({
            key: c.key,
            content: c.title,
            isSortable: true,
            // The others get what they need, and the epic's summary the rest: rows stay one or two
            // lines high, and no header breaks over lines.
            ...(width === null ? {} : { width: shareOf(c, columns, width) }),
          })),
        }}
        rows={rows.map((row, index) => ({
          key: row.key,
          cells: columns.map((c) => c.cell(row, index)),
        }))}
        // The rows come ranked: without the rank column, they keep that order.
        {...(columns.some((c) => c.key === 'rank')
          ? { defaultSortKey: 'rank', defaultSortOrder: 'ASC' as const }
          : {})}
        emptyView={<Text>No agreement matches.</Text>}
      />
      {hidden.length > 0 && (
        <Text as="p" size="small" color="color.text.subtle">
          Not shown at this width: {hidden.map((c) => c.title).join(', ')}.{more === '' ? '' : ` ${more}`}
        </Text>
      )}
    </Box>
  );
}

/** Which statuses to show; none chosen shows every one. */
export function StatusFilter({
  id,
  value,
  onChange,
}: {
  id: string;
  value: readonly AgreementStatus[];
  onChange: (statuses: AgreementStatus[]) => void;
}): ReactNode {
  const options = AGREEMENT_STATUSES.map((s) => ({ value: s, label: STATUS_WORDS[s].label }));
  return (
    <Select
      inputId={id}
      isMulti
      placeholder="Every status"
      value={options.filter((o) => value.includes(o.value))}
      options={options}
      onChange={(chosen) => {
        onChange(chosen.map((o) => o.value));
      }}
    />
  );
}
