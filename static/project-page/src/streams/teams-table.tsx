import Lozenge from '@atlaskit/lozenge';
import { Box } from '@atlaskit/primitives/compiled';
import { cssMap } from '@atlaskit/css';
import { token } from '@atlaskit/tokens';
import { useState, type ReactNode } from 'react';
import type { TeamView } from '../../../../src/contract';
import type { FlowCount } from '../../../../src/domain/flow-counts';
import { CountLink, ShareSegments, Subtle } from '../../../common/components';
import { Cell, DataTable, RowHead, SortHeadRow, type SortOrder } from '../../../common/data-table';
import { band, days, FLOW_TYPE_ORDER, percent, TYPE_LABELS } from '../../../common/format';
import { useWidth } from '../../../common/use-width';

/**
 * Each team (space) of a stream side by side, over the stream's window and on its clock: what it
 * delivered and of what kind, how long it took, how much waited, how much it carries, and its debt
 * share against its own band. Any column sorts; every count opens the work items behind it.
 */

const styles = cssMap({
  bar: {
    display: 'flex',
    height: '10px',
    minWidth: '120px',
    borderRadius: token('radius.small'),
    overflow: 'hidden',
    backgroundColor: token('color.background.neutral'),
  },
});

type Column = 'team' | 'velocity' | 'flowP50' | 'flowP85' | 'efficiency' | 'load' | 'debt';

const COLUMNS: readonly { key: Column; name: string; align?: 'end' }[] = [
  { key: 'team', name: 'Team (space)' },
  { key: 'velocity', name: 'Completed', align: 'end' },
  { key: 'debt', name: 'Mix and debt share' },
  { key: 'flowP50', name: 'Flow time p50', align: 'end' },
  { key: 'flowP85', name: 'p85', align: 'end' },
  { key: 'efficiency', name: 'Efficiency', align: 'end' },
  { key: 'load', name: 'Load', align: 'end' },
];

/** Below this width the table keeps what a reader compares first; p85 and efficiency step out. */
const NARROW_PX = 760;

/** Shorter heads for a narrow frame, each still saying what its column holds. */
const NARROW_NAMES: Partial<Record<Column, string>> = {
  team: 'Team',
  debt: 'Debt share',
  flowP50: 'Flow p50',
};

function columnsFor(width: number | null): typeof COLUMNS {
  if (width === null || width >= NARROW_PX) return COLUMNS;
  return COLUMNS.filter((c) => c.key !== 'flowP85' && c.key !== 'efficiency').map((c) => ({
    ...c,
    name: NARROW_NAMES[c.key] ?? c.name,
  }));
}

/** A team's value in a column, to sort by; null sorts last whichever the order. */
function valueOf(team: TeamView, column: Column): string | number | null {
  const f = team.figures;
  switch (column) {
    case 'team':
      return team.space.name.toLowerCase();
    case 'velocity':
      return f.velocity.total;
    case 'debt':
      return f.velocity.total === 0 ? null : f.distribution.debt;
    case 'flowP50':
      return f.flowTime.p50;
    case 'flowP85':
      return f.flowTime.p85;
    case 'efficiency':
      return f.flowEfficiency;
    case 'load':
      return f.load.dailyAverage;
  }
}

export function sortTeams(teams: readonly TeamView[], column: Column, order: SortOrder): TeamView[] {
  const sign = order === 'ascending' ? 1 : -1;
  return [...teams].sort((a, b) => {
    const x = valueOf(a, column);
    const y = valueOf(b, column);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const by = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
    return sign * by || a.space.key.localeCompare(b.space.key);
  });
}

function ShareBar({ team }: { team: TeamView }): ReactNode {
  const shares = team.figures.distribution;
  const words = FLOW_TYPE_ORDER.map((t) => `${TYPE_LABELS[t]} ${percent(shares[t])}`).join(', ');
  return (
    <Box
      role="img"
      aria-label={team.figures.velocity.total === 0 ? 'nothing completed' : words}
      xcss={styles.bar}
    >
      <ShareSegments shares={shares} />
    </Box>
  );
}

const BAND_LOOK = { below: 'moved', within: 'success', above: 'removed' } as const;

function DebtShare({ team, onOpen }: { team: TeamView; onOpen: (count: FlowCount) => void }): ReactNode {
  const { debt, velocity, distribution } = team.figures;
  const count = velocity.byType.debt;
  return (
    <>
      <ShareBar team={team} />
      <Subtle>
        Debt {percent(velocity.total === 0 ? null : distribution.debt)} (
        <CountLink
          value={count}
          what={`debt items completed in ${team.space.key}`}
          onOpen={
            count > 0
              ? () => {
                  onOpen({ kind: 'completed', type: 'debt' });
                }
              : undefined
          }
        />
        )
        {debt !== null && velocity.total > 0 && (
          <>
            {' '}
            <Lozenge appearance={BAND_LOOK[debt.status]}>
              {debt.status} {band(debt.min, debt.max)}
            </Lozenge>
          </>
        )}
      </Subtle>
    </>
  );
}

/** One team's cell of a column; every count in it opens the work items behind it. */
function cellOf(column: Column, team: TeamView, open: (count: FlowCount) => void): ReactNode {
  const f = team.figures;
  const key = team.space.key;
  const opener = (n: number, count: FlowCount): (() => void) | undefined =>
    n > 0
      ? () => {
          open(count);
        }
      : undefined;
  switch (column) {
    case 'team':
      return (
        <>
          {team.space.name} <Subtle>{key}</Subtle>
          {team.usesDefaults && (
            <>
              {' '}
              <Lozenge>default rules</Lozenge>
            </>
          )}
        </>
      );
    case 'velocity':
      return (
        <CountLink
          value={f.velocity.total}
          what={`work items completed in ${key}`}
          onOpen={opener(f.velocity.total, { kind: 'completed' })}
        />
      );
    case 'debt':
      return <DebtShare team={team} onOpen={open} />;
    case 'flowP50':
      return (
        <CountLink
          value={days(f.flowTime.p50)}
          what={`work items with a flow time in ${key}`}
          onOpen={opener(f.flowTime.count, { kind: 'flow-time' })}
        />
      );
    case 'flowP85':
      return days(f.flowTime.p85);
    case 'efficiency':
      return percent(f.flowEfficiency);
    case 'load':
      return (
        <>
          {f.load.dailyAverage.toFixed(1)} avg,{' '}
          <CountLink
            value={f.load.atAsOf}
            what={`work items in progress in ${key}`}
            onOpen={opener(f.load.atAsOf, { kind: 'in-progress' })}
          />{' '}
          now
        </>
      );
  }
}

export function TeamsTable({
  teams,
  onOpen,
}: {
  teams: readonly TeamView[];
  /** Lists the work items behind one team's count. */
  onOpen: (spaceKey: string, count: FlowCount) => void;
}): ReactNode {
  const [sorted, setSorted] = useState<{ key: Column; order: SortOrder }>({
    key: 'velocity',
    order: 'descending',
  });
  const { ref, width } = useWidth<HTMLDivElement>();
  const columns = columnsFor(width);
  const rows = sortTeams(teams, sorted.key, sorted.order);
  return (
    <Box ref={ref}>
      <DataTable label="Each team side by side">
        <SortHeadRow
          columns={columns}
          sorted={sorted}
          onSort={(key) => {
            setSorted((s) => ({
              key,
              order:
                s.key === key
                  ? s.order === 'ascending'
                    ? 'descending'
                    : 'ascending'
                  : key === 'team'
                    ? 'ascending'
                    : 'descending',
            }));
          }}
        />
        <tbody>
          {rows.map((team) => {
            const open = (count: FlowCount): void => {
              onOpen(team.space.key, count);
            };
            return (
              <tr key={team.space.id}>
                {columns.map((c) =>
                  c.key === 'team' ? (
                    <RowHead key={c.key}>{cellOf(c.key, team, open)}</RowHead>
                  ) : (
                    <Cell key={c.key} align={c.align ?? 'start'}>
                      {cellOf(c.key, team, open)}
                    </Cell>
                  ),
                )}
              </tr>
            );
          })}
        </tbody>
      </DataTable>
    </Box>
  );
}
