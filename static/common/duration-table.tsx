import type { ReactNode } from 'react';
import type { DurationSummary } from '../../src/domain/stats';
import type { FlowType } from '../../src/domain/types';
import { CountLink } from './components';
import { Cell, DataTable, HeadRow, RowHead } from './data-table';
import { days, FLOW_TYPE_ORDER, TYPE_LABELS } from './format';

const COLUMNS = [
  { name: 'Type' },
  { name: 'Items', align: 'end' },
  { name: 'Mean', align: 'end' },
  { name: '50%', align: 'end' },
  { name: '85%', align: 'end' },
  { name: '95%', align: 'end' },
] as const;

/** Flow or lead time by type: how many, the mean and the percentiles a flow review reads. */
export function DurationTable({
  caption,
  all,
  byType,
  onOpen,
}: {
  caption: string;
  all: DurationSummary;
  byType: Readonly<Record<FlowType, DurationSummary>>;
  /** Lists the items a row counts: of one type, or all of them (null). */
  onOpen?: (type: FlowType | null) => void;
}): ReactNode {
  const row = (label: string, s: DurationSummary, type: FlowType | null): ReactNode => (
    <tr key={label}>
      <RowHead>{label}</RowHead>
      <Cell align="end">
        <CountLink
          value={s.count}
          what={`items: ${label.toLowerCase()}, ${caption.split(':')[0]?.toLowerCase() ?? ''}`}
          onOpen={
            onOpen && s.count > 0
              ? () => {
                  onOpen(type);
                }
              : undefined
          }
        />
      </Cell>
      <Cell align="end">{days(s.mean)}</Cell>
      <Cell align="end">{days(s.p50)}</Cell>
      <Cell align="end">{days(s.p85)}</Cell>
      <Cell align="end">{days(s.p95)}</Cell>
    </tr>
  );
  return (
    <DataTable caption={caption} width="narrow">
      <HeadRow columns={COLUMNS} />
      <tbody>
        {row('All', all, null)}
        {FLOW_TYPE_ORDER.map((t) => row(TYPE_LABELS[t], byType[t], t))}
      </tbody>
    </DataTable>
  );
}
