import type { ReactNode } from 'react';
import type { PlanItemView } from '../../../../src/contract-plan';
import { IssueLink, Subtle, TypeLozenge } from '../../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';

/**
 * The planned work items in the board's rank order: each opens in Jira (through the bridge's
 * router), with its flow type and the rule that decided it, its estimate and whether it is done.
 */
export function PlanItems({
  items,
  estimateField,
}: {
  items: readonly PlanItemView[];
  /** The board's estimate field's name; null when the board does not estimate. */
  estimateField: string | null;
}): ReactNode {
  if (items.length === 0) return <Subtle block>No work items are planned.</Subtle>;
  return (
    <DataTable label="Planned work items, in rank order" small>
      <HeadRow
        columns={[
          { name: 'Work item' },
          { name: 'Summary' },
          { name: 'Type' },
          ...(estimateField === null ? [] : [{ name: estimateField, align: 'end' as const }]),
          { name: 'Done' },
        ]}
      />
      <tbody>
        {items.map((item) => (
          <tr key={item.key}>
            <RowHead>
              <IssueLink issueKey={item.key} />
            </RowHead>
            <Cell>{item.summary}</Cell>
            <Cell>
              <TypeLozenge type={item.type} /> <Subtle>{item.reason}</Subtle>
            </Cell>
            {estimateField !== null && <Cell align="end">{item.estimate ?? '–'}</Cell>}
            <Cell>{item.done ? 'Done' : 'Not done'}</Cell>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
