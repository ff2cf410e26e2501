import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { Box, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useState, type ReactNode } from 'react';
import type {
  PlanAgreementView,
  PlanView,
  RepaymentItemView,
  SprintRef,
} from '../../../../src/contract-plan';
import type { ErrorBody } from '../../../../src/contract';
import { STATUS_WORDS } from '../../../common/agreement-words';
import { IssueLink, Subtle, TypeLozenge } from '../../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';
import { ErrorPanel } from '../../../common/error-panel';
import { useMutation } from '../../../common/use-mutation';
import { addedSentence, whyWords } from './plan-words';

const styles = cssMap({
  agreement: {
    borderBlockStartWidth: token('border.width'),
    borderBlockStartStyle: 'solid',
    borderBlockStartColor: token('color.border'),
    paddingBlockStart: token('space.100'),
  },
});

/** What the last click wrote, or why it wrote nothing. */
type Said =
  | { readonly kind: 'written'; readonly text: string }
  | { readonly kind: 'failed'; readonly error: ErrorBody };

/**
 * The agreements beside the plan: open debt agreements of the board's space that are overdue,
 * due or due for review by the end of the sprint, each with its repayment work items not yet
 * planned. An item joins the sprint only when someone clicks its button: the answer's plan then
 * replaces the one shown, and a line says what was written. A refusal or a conflict changes
 * nothing on screen but offers to reload, since what Jira holds is no longer what is shown.
 */
export function AgreementsBeside({
  plan,
  onPlan,
  onReload,
}: {
  plan: PlanView;
  /** The plan as it stands after a work item was added. */
  onPlan: (next: PlanView) => void;
  onReload: () => void;
}): ReactNode {
  const add = useMutation('addToSprint');
  const [said, setSaid] = useState<Said | null>(null);
  const [adding, setAdding] = useState<string | null>(null);
  const sprint = plan.selection?.kind === 'sprint' ? plan.selection.sprint : null;
  const running = add.state.status === 'running';

  const onAdd = (item: RepaymentItemView, into: SprintRef): void => {
    setAdding(item.key);
    setSaid(null);
    void add
      .run({
        boardId: plan.board.id,
        sprintId: into.id,
        issueKey: item.key,
        fromSprintId: item.sprint?.id ?? null,
      })
      .then((r) => {
        setAdding(null);
        if (r.ok) {
          setSaid({
            kind: 'written',
            text: addedSentence(r.data.outcome, r.data.issueKey, r.data.sprint.name),
          });
          onPlan(r.data.plan);
        } else setSaid({ kind: 'failed', error: r.error });
      });
  };

  return (
    <Stack space="space.150">
      {said?.kind === 'written' && (
        <div role="status">
          <SectionMessage appearance="success">
            <p>{said.text}</p>
          </SectionMessage>
        </div>
      )}
      {said?.kind === 'failed' && (
        <ErrorPanel
          code={said.error.code}
          message={said.error.message}
          action={
            <Button
              onClick={() => {
                setSaid(null);
                onReload();
              }}
            >
              Reload the plan
            </Button>
          }
        />
      )}
      {plan.agreements.length === 0 ? (
        <Subtle block>
          No open agreement of this space is overdue, due or due for review by the end of what is planned.
        </Subtle>
      ) : (
        plan.agreements.map((a) => (
          <Agreement
            key={a.key}
            agreement={a}
            sprint={sprint}
            disabled={running}
            adding={adding}
            onAdd={onAdd}
          />
        ))
      )}
      {sprint === null && plan.agreements.length > 0 && (
        <Subtle block>Work items join a sprint from here only when a sprint is chosen.</Subtle>
      )}
    </Stack>
  );
}

function Agreement({
  agreement: a,
  sprint,
  disabled,
  adding,
  onAdd,
}: {
  agreement: PlanAgreementView;
  sprint: SprintRef | null;
  disabled: boolean;
  adding: string | null;
  onAdd: (item: RepaymentItemView, into: SprintRef) => void;
}): ReactNode {
  const status = STATUS_WORDS[a.status];
  return (
    <Box xcss={styles.agreement} as="section" aria-label={`Agreement ${a.key}`}>
      <Stack space="space.075">
        <span>
          <IssueLink issueKey={a.key} /> {a.summary}{' '}
          <Lozenge appearance={status.appearance}>{status.label}</Lozenge>
        </span>
        <Subtle block>
          {whyWords(a.why, sprint === null ? 'backlog' : 'sprint')}: due {a.dueDate ?? '–'}, next review{' '}
          {a.nextReviewDate ?? '–'}, score {a.score ?? '–'}
        </Subtle>
        {a.items.length === 0 ? (
          <Text as="p" size="small">
            No repayment work item is left to plan: each is done or already planned, or none is recorded under
            the epic.
          </Text>
        ) : (
          <DataTable label={`Repayment work items of ${a.key}`} small>
            <HeadRow
              columns={[
                { name: 'Work item' },
                { name: 'Summary' },
                { name: 'Type' },
                { name: 'Estimate', align: 'end' },
                { name: 'Now in' },
                ...(sprint === null ? [] : [{ name: '' }]),
              ]}
            />
            <tbody>
              {a.items.map((item) => (
                <tr key={item.key}>
                  <RowHead>
                    <IssueLink issueKey={item.key} />
                  </RowHead>
                  <Cell>{item.summary}</Cell>
                  <Cell>
                    <TypeLozenge type={item.type} />
                  </Cell>
                  <Cell align="end">{item.estimate ?? '–'}</Cell>
                  <Cell>{item.sprint === null ? 'Backlog' : item.sprint.name}</Cell>
                  {sprint !== null && (
                    <Cell>
                      <Button
                        isDisabled={disabled}
                        aria-label={`Add ${item.key} to ${sprint.name}`}
                        onClick={() => {
                          onAdd(item, sprint);
                        }}
                      >
                        {adding === item.key ? 'Adding…' : 'Add to sprint'}
                      </Button>
                    </Cell>
                  )}
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </Stack>
    </Box>
  );
}
