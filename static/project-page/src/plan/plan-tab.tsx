import { cssMap } from '@atlaskit/css';
import { Box } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { BoardRef } from '../../../../src/contract-plan';
import { Loading, Subtle } from '../../../common/components';
import { ErrorPanel } from '../../../common/error-panel';
import { useCall } from '../../../common/use-call';
import type { PlanChoice } from '../page-view';
import { BoardChooser } from './plan-choosers';
import { PlanPanel } from './plan-panel';

const styles = cssMap({ tab: { paddingBlockStart: token('space.200'), width: '100%', minWidth: '0' } });

/** The board a space's plan opens on: its first Scrum board, else its first board. */
export function defaultBoard(boards: readonly BoardRef[]): BoardRef | null {
  return boards.find((b) => b.type === 'scrum') ?? boards[0] ?? null;
}

/**
 * The project page's Plan tab (docs/planning.md): a board of the space, chosen in the URL
 * (`?tab=plan&board=12&sprint=34`) so a plan can be shared and reloaded.
 */
export function PlanTab({
  projectKey,
  choice,
  onChoose,
}: {
  projectKey: string;
  choice: PlanChoice | undefined;
  onChoose: (next: PlanChoice) => void;
}): ReactNode {
  const { state } = useCall('listBoards', { projectKey });
  if (state.status === 'loading')
    return (
      <Box xcss={styles.tab}>
        <Loading label="Reading the space's boards…" />
      </Box>
    );
  if (!state.result.ok)
    return (
      <Box xcss={styles.tab}>
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      </Box>
    );
  const { boards } = state.result.data;
  const first = defaultBoard(boards);
  if (first === null)
    return (
      <Box xcss={styles.tab}>
        <Subtle block>
          {projectKey} has no board you may see, so there is no sprint or backlog to plan. A board is made in
          Jira from the space's sidebar.
        </Subtle>
      </Box>
    );
  // A board the URL names that is not one of the space's (deleted, or another space's) is not
  // read: the plan opens on the space's default board instead.
  const named = choice !== undefined && boards.some((b) => b.id === choice.boardId) ? choice : undefined;
  const boardId = named?.boardId ?? first.id;
  return (
    <PlanPanel
      key={boardId}
      boardId={boardId}
      choice={{ sprintId: named?.sprintId ?? null, next: named?.next ?? null }}
      onChoose={(c) => {
        onChoose({ boardId, ...c });
      }}
      aside={
        boards.length > 1 ? (
          <BoardChooser
            boards={boards}
            value={boardId}
            onChange={(id) => {
              onChoose({ boardId: id, sprintId: null, next: null });
            }}
          />
        ) : undefined
      }
    />
  );
}
