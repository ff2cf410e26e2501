import Lozenge from '@atlaskit/lozenge';
import type { ReactNode } from 'react';
import type { TeamSnapshot } from '../../../../src/domain/flow-review';
import { TEAM_COLUMNS, teamRow } from '../../../../src/presentation/review-tables';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';

/** Each team's debt share of the latest period against its own band. */
export function TeamDebtTable({ teams }: { teams: readonly TeamSnapshot[] }): ReactNode {
  return (
    <DataTable label="Debt share of each team" small>
      <HeadRow columns={TEAM_COLUMNS} />
      <tbody>
        {teams.map((t) => {
          const [head, completed, share, teamBand, against] = teamRow(t);
          return (
            <tr key={t.space.key}>
              <RowHead>{head}</RowHead>
              <Cell align="end">{completed}</Cell>
              <Cell align="end">{share}</Cell>
              <Cell>{teamBand}</Cell>
              <Cell>
                {against === '–' ? (
                  against
                ) : (
                  <Lozenge appearance={against === 'within' ? 'success' : 'moved'}>{against}</Lozenge>
                )}
              </Cell>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
