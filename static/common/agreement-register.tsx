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
  readonly cell: (row: RegisterRow, index: number) => Cell;
}

const COLUMNS: readonly Column[] = [
  { key: 'rank', title: 'Rank', cell: (_, index) => ({ key: index, content: index + 1 }) },
  {
    key: 'epic',
    title: 'Epic',
    cell: (row) => ({
      key: row.key,
      content: (
        <>
          <IssueLink issueKey={row.key} /> {row.summary}
        </>
      ),
    }),
  },
  { key: 'project', title: 'Space', cell: (row) => ({ key: row.projectKey, content: row.projectKey }) },
  {
    key: 'status',
    title: 'Status',
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
    cell: (row) => ({
      key: row.interest === null ? INTEREST_LEVELS.length : INTEREST_LEVELS.indexOf(row.interest),
      content: row.interest === null ? '–' : INTEREST_SHORT[row.interest],
    }),
  },
  {
    key: 'score',
    title: 'WSJF',
    cell: (row) => ({ key: row.score ?? -Infinity, content: row.score?.toFixed(2) ?? '–' }),
  },
  { key: 'due', title: 'Due', cell: (row) => dateCell(row.dueDate) },
  // A repaid or cancelled agreement is not reviewed any more.
  {
    key: 'review',
    title: 'Next review',
    cell: (row) => dateCell(row.state === 'open' ? row.nextReviewDate : null),
  },
  {
    key: 'owner',
    title: 'Owner',
    cell: (row) => ({
      key: row.owner?.displayName ?? LAST,
      content: row.owner === null ? '–' : (row.owner.displayName ?? 'hidden'),
    }),
  },
  {
    key: 'progress',
    title: 'Repaid',
    cell: ({ progress: p }) => ({
      key: p === null || p.done + p.open === 0 ? -1 : p.done / (p.done + p.open),
      content: p === null ? '–' : `${p.done} of ${p.done + p.open}`,
    }),
  },
  { key: 'forecast', title: 'Forecast (85 %)', cell: forecastCell },
  {
    key: 'evidence',
    title: 'Flow time p85: epic / space',
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

/** The columns a narrow frame (a dashboard gadget) keeps. */
const COMPACT = new Set(['rank', 'epic', 'project', 'status', 'due', 'progress', 'forecast']);

export function RegisterTable({
  rows,
  showProject,
  compact = false,
  caption,
}: {
  rows: readonly RegisterRow[];
  showProject: boolean;
  compact?: boolean;
  caption: string;
}): ReactNode {
  const columns = COLUMNS.filter(
    (c) => (showProject || c.key !== 'project') && (!compact || COMPACT.has(c.key)),
  );
  return (
    <DynamicTable
      caption={
        <Text size="medium" weight="semibold">
          {caption}
        </Text>
      }
      head={{ cells: columns.map((c) => ({ key: c.key, content: c.title, isSortable: true })) }}
      rows={rows.map((row, index) => ({
        key: row.key,
        cells: columns.map((c) => c.cell(row, index)),
      }))}
      defaultSortKey="rank"
      defaultSortOrder="ASC"
      emptyView={<Text>No agreement matches.</Text>}
    />
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
