import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { ReactNode } from 'react';
import type { BoardRef } from '../../../../src/contract-plan';
import { Loading } from '../../../common/components';
import { ErrorPanel } from '../../../common/error-panel';
import { useCall } from '../../../common/use-call';
import { LedgerBySprint } from './sprint-history';

/**
 * The register's minimum payments by sprint, planned beside completed (docs/planning.md#minimum-
 * payments-planned-beside-completed): for a space that plans in sprints, whether its team plans
 * its payments and then drops them. Its first scrum board's closed sprints; nothing for a space
 * without one, whose payments are the periods above.
 */
export function SprintPayments({ projectKey }: { projectKey: string }): ReactNode {
  const { state } = useCall('listBoards', { projectKey });
  if (state.status === 'loading') return <Loading label="Reading the space's boards…" />;
  if (!state.result.ok)
    return <ErrorPanel code={state.result.error.code} message={state.result.error.message} />;
  // A board kept in this space: another space's board is judged against that space's minimum.
  const board = state.result.data.boards.find(
    (b) => b.type === 'scrum' && b.spaceKey?.toUpperCase() === projectKey.toUpperCase(),
  );
  return board === undefined ? null : <BoardPayments board={board} />;
}

function BoardPayments({ board }: { board: BoardRef }): ReactNode {
  const { state } = useCall('getSprintHistory', { boardId: board.id });
  if (state.status === 'loading') return <Loading label="Reading the board's closed sprints…" />;
  if (!state.result.ok)
    return <ErrorPanel code={state.result.error.code} message={state.result.error.message} />;
  return (
    <Stack space="space.100">
      <Text as="p" color="color.text.subtle">
        Sprint by sprint on {board.name}: the debt share planned at each sprint's start beside the share it
        completed.
      </Text>
      <LedgerBySprint ledger={state.result.data.ledger} />
    </Stack>
  );
}
