import Button from '@atlaskit/button/default/button';
import { Inline } from '@atlaskit/primitives/compiled';
import { view } from '@forge/bridge';
import { useState, type ReactNode } from 'react';
import { FailurePanel, Page } from '../../../common/components';
import { PlanPanel, type PlanSelectionChoice } from './plan-panel';

/**
 * The sprint action ("Flow mix of this sprint") and the backlog action ("Flow mix of the
 * backlog"): Jira opens the module in its modal from the backlog's menus, with the board (and the
 * sprint) in the extension context. The dialog has no URL of its own, so another sprint chosen in
 * it lives in the dialog's state; Close hands the modal back to Jira (`view.close()`).
 */
export function PlanAction({
  boardId,
  sprintId,
}: {
  boardId: number | null;
  /** The sprint whose menu opened it; null from the backlog's menu. */
  sprintId: number | null;
}): ReactNode {
  const [choice, setChoice] = useState<PlanSelectionChoice>({ sprintId, next: null });
  if (boardId === null)
    return (
      <Page>
        <FailurePanel
          code="INTERNAL"
          message="This dialog was opened without a board, so there is no plan to show."
        />
      </Page>
    );
  return (
    <Page as="main">
      <PlanPanel boardId={boardId} choice={choice} onChoose={setChoice} />
      <Inline alignInline="end">
        <Button
          appearance="primary"
          onClick={() => {
            void view.close().catch(() => undefined);
          }}
        >
          Close
        </Button>
      </Inline>
    </Page>
  );
}
