import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import { Box, Inline, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { PlanView } from '../../../../src/contract-plan';
import { Loading, Section, Subtle } from '../../../common/components';
import { ErrorPanel } from '../../../common/error-panel';
import { useCall } from '../../../common/use-call';
import { DEFAULT_NEXT } from '../page-view';
import { AgreementsBeside } from './agreements-beside';
import { NextChooser, SprintChooser } from './plan-choosers';
import { PlanItems } from './plan-items';
import { PlannedMix } from './planned-mix';
import { SprintHistory } from './sprint-history';

const styles = cssMap({
  panel: { paddingBlockStart: token('space.200'), width: '100%', minWidth: '0' },
  scroll: { overflowX: 'auto' },
});

/** What is planned on a board: a sprint of it, or how many of its backlog's next work items. */
export interface PlanSelectionChoice {
  readonly sprintId: number | null;
  readonly next: number | null;
}

/**
 * One board's plan: what is planned, its mix against the team's bands, the agreements whose
 * repayment could join it, and what the board's closed sprints planned and completed. The same
 * panel is the project page's Plan tab and the sprint and backlog actions' dialog.
 */
export function PlanPanel({
  boardId,
  choice,
  onChoose,
  aside,
}: {
  boardId: number;
  choice: PlanSelectionChoice;
  onChoose: (next: PlanSelectionChoice) => void;
  /** Controls shown before the panel's own (the tab's board chooser). */
  aside?: ReactNode;
}): ReactNode {
  const payload = useMemo(
    () => ({
      boardId,
      ...(choice.sprintId !== null ? { sprintId: choice.sprintId } : {}),
      ...(choice.next !== null ? { next: choice.next } : {}),
    }),
    [boardId, choice.sprintId, choice.next],
  );
  const key = JSON.stringify(payload);
  const { state, reload } = useCall('getPlan', payload);
  // The plan an add-to-sprint answered with, which is newer than the one read: kept for the
  // payload it answered, so that choosing another sprint shows that sprint's own reading.
  const [written, setWritten] = useState<{ readonly key: string; readonly plan: PlanView } | null>(null);
  const read = state.status === 'done' && state.result.ok ? state.result.data : null;
  const plan = written !== null && written.key === key ? written.plan : read;
  const reloadPlan = useCallback(() => {
    setWritten(null);
    reload();
  }, [reload]);

  return (
    <Box xcss={styles.panel}>
      <header>
        <Inline shouldWrap spread="space-between" space="space.100" alignBlock="end">
          <div>
            <Heading size="large" as="h1">
              Plan{plan !== null ? `: ${plan.board.name}` : ''}
            </Heading>
            {plan !== null && (
              <Text as="p" color="color.text.subtle">
                {selectionWords(plan)}
              </Text>
            )}
          </div>
          <Inline shouldWrap space="space.100" alignBlock="end">
            {aside}
            {plan !== null && plan.board.type !== 'kanban' && plan.sprints.length > 0 && (
              <SprintChooser
                sprints={plan.sprints}
                value={plan.selection?.kind === 'sprint' ? plan.selection.sprint.id : null}
                onChange={(sprintId) => {
                  onChoose({ sprintId, next: null });
                }}
              />
            )}
            {plan !== null && plan.selection?.kind === 'backlog' && (
              <NextChooser
                value={choice.next ?? DEFAULT_NEXT}
                onChange={(next) => {
                  onChoose({ sprintId: null, next });
                }}
              />
            )}
            <Button onClick={reloadPlan}>Refresh</Button>
          </Inline>
        </Inline>
      </header>
      {plan === null && state.status === 'loading' && <Loading label="Reading the board's plan…" />}
      {plan === null && state.status === 'done' && !state.result.ok && (
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      )}
      {plan !== null && (
        <PlanFigures
          plan={plan}
          onPlan={(p) => {
            setWritten({ key, plan: p });
          }}
          onReload={reloadPlan}
        />
      )}
      {plan !== null && plan.board.type !== 'kanban' && <SprintHistory boardId={plan.board.id} />}
    </Box>
  );
}

function PlanFigures({
  plan,
  onPlan,
  onReload,
}: {
  plan: PlanView;
  onPlan: (next: PlanView) => void;
  onReload: () => void;
}): ReactNode {
  if (plan.selection === null)
    return (
      <Section title="Planned mix">
        <Subtle block>
          {plan.board.name} has no open sprint to plan: create one in the board's backlog, then refresh.
        </Subtle>
      </Section>
    );
  const what =
    plan.selection.kind === 'sprint'
      ? plan.selection.sprint.name
      : `the next ${plan.selection.next} work items`;
  return (
    <>
      <Section title={`Planned mix of ${what}`}>
        <Box xcss={styles.scroll}>
          <PlannedMix plan={plan} />
        </Box>
      </Section>
      <Section title="Planned work items">
        <Box xcss={styles.scroll}>
          <PlanItems items={plan.mix.items} estimateField={plan.mix.estimates?.field ?? null} />
        </Box>
      </Section>
      <Section title="Agreements beside the plan">
        <Box xcss={styles.scroll}>
          <AgreementsBeside plan={plan} onPlan={onPlan} onReload={onReload} />
        </Box>
      </Section>
    </>
  );
}

/** What the plan is of, in a line under its title. */
function selectionWords(plan: PlanView): string {
  const s = plan.selection;
  if (s === null) return `${plan.board.type} board, no open sprint`;
  if (s.kind === 'backlog') return `Kanban board: the backlog's next ${s.next} work items, in rank order`;
  const { sprint } = s;
  const state = sprint.state === 'active' ? 'active sprint' : 'future sprint';
  const dates =
    sprint.startDate !== null || sprint.endDate !== null
      ? `, ${sprint.startDate ?? '–'} to ${sprint.endDate ?? '–'}`
      : '';
  const goal = sprint.goal !== null && sprint.goal !== '' ? `; goal: ${sprint.goal}` : '';
  return `${sprint.name}, ${state}${dates} (${plan.timeZone})${goal}`;
}
