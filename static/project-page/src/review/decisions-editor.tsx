import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { AsyncSelect } from '@atlaskit/select';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { useState, type ReactNode } from 'react';
import type { DecisionItemView, ReviewDecisionView, ReviewView } from '../../../../src/contract';
import { call } from '../../../common/bridge';
import { Field, IssueLink, Subtle, TextButton } from '../../../common/components';
import { ErrorPanel, MutationFailure } from '../../../common/error-panel';
import { useMutation } from '../../../common/use-mutation';

const styles = cssMap({
  decision: {
    borderBlockStartWidth: token('border.width'),
    borderBlockStartStyle: 'solid',
    borderBlockStartColor: token('color.border'),
    paddingBlockStart: token('space.100'),
  },
  owner: { minWidth: '220px' },
  key: { maxWidth: '160px' },
});

interface DraftDecision {
  readonly id: string;
  readonly text: string;
  readonly owner: { readonly accountId: string; readonly displayName: string } | null;
  readonly issueKey: string;
}

const draftOf = (d: ReviewDecisionView): DraftDecision => ({
  id: d.id,
  text: d.text,
  owner:
    d.ownerAccountId === null
      ? null
      : { accountId: d.ownerAccountId, displayName: d.owner?.displayName ?? 'a person hidden from you' },
  issueKey: d.issueKey ?? '',
});

/** A linked work item as the reader sees it now: its key, summary and status, or its key alone. */
export function DecisionItem({ item }: { item: DecisionItemView | null }): ReactNode {
  if (item === null) return <Subtle>no work item</Subtle>;
  if (!item.visible) return <Subtle>{item.key} (not visible to you)</Subtle>;
  return (
    <span>
      <IssueLink issueKey={item.key} /> {item.summary}{' '}
      <Lozenge
        appearance={item.category === 'done' ? 'success' : item.category === 'new' ? 'default' : 'inprogress'}
      >
        {item.status}
      </Lozenge>
    </span>
  );
}

/**
 * What the meeting observed and decided: plain text, saved with the review's revision (a save
 * made from an older one is told who saved since). A decision may name an owner and link a work
 * item by its key, or create one in a space the person may create in.
 */
export function DecisionsEditor({
  review,
  peopleSpace,
  onSaved,
  onReload,
}: {
  review: ReviewView;
  /** The space whose people may own a decision (a stream's first team's). */
  peopleSpace: string | null;
  onSaved: (next: ReviewView) => void;
  onReload: () => void;
}): ReactNode {
  const [observations, setObservations] = useState(review.observations);
  const [decisions, setDecisions] = useState<readonly DraftDecision[]>(review.decisions.map(draftOf));
  const save = useMutation('saveReview');
  const create = useMutation('createDecisionItem');
  const errors = save.fieldErrors;
  const saved = new Map(review.decisions.map((d) => [d.id, d]));
  const changed =
    observations !== review.observations ||
    JSON.stringify(decisions) !== JSON.stringify(review.decisions.map(draftOf));
  const set = (id: string, patch: Partial<DraftDecision>): void => {
    setDecisions((all) => all.map((d) => (d.id === id ? { ...d, ...patch } : d)));
  };
  const running = save.state.status === 'running' || create.state.status === 'running';
  return (
    <Stack space="space.150">
      <Field label="Observations" id="review-observations" error={errors['content.observations']}>
        <TextArea
          id="review-observations"
          value={observations}
          minimumRows={3}
          maxHeight="40vh"
          onChange={(e) => {
            setObservations(e.currentTarget.value);
          }}
        />
      </Field>
      <Text weight="bold">Decisions</Text>
      {decisions.length === 0 && <Subtle block>No decision yet.</Subtle>}
      {decisions.map((d, i) => {
        const stored = saved.get(d.id);
        return (
          <Box key={d.id} xcss={styles.decision}>
            <Stack space="space.100">
              <Field
                label={`Decision ${i + 1}`}
                id={`decision-${d.id}`}
                error={errors[`content.decisions.${i}.text`]}
              >
                <Textfield
                  id={`decision-${d.id}`}
                  value={d.text}
                  onChange={(e) => {
                    set(d.id, { text: e.currentTarget.value });
                  }}
                />
              </Field>
              <Inline space="space.150" shouldWrap alignBlock="end">
                <Box xcss={styles.owner}>
                  <Field
                    label="Owner"
                    id={`owner-${d.id}`}
                    error={errors[`content.decisions.${i}.ownerAccountId`]}
                  >
                    <AsyncSelect<{ value: string; label: string }>
                      inputId={`owner-${d.id}`}
                      isClearable
                      cacheOptions
                      defaultOptions={peopleSpace !== null}
                      value={
                        d.owner === null ? null : { value: d.owner.accountId, label: d.owner.displayName }
                      }
                      loadOptions={async (query: string) => {
                        if (peopleSpace === null) return [];
                        const r = await call('findPeople', { projectKey: peopleSpace, query });
                        return r.ok
                          ? r.data.map((p) => ({ value: p.accountId, label: p.displayName ?? p.accountId }))
                          : [];
                      }}
                      onChange={(o) => {
                        set(d.id, {
                          owner: o === null ? null : { accountId: o.value, displayName: o.label },
                        });
                      }}
                    />
                  </Field>
                </Box>
                <Box xcss={styles.key}>
                  <Field
                    label="Work item"
                    id={`item-${d.id}`}
                    error={errors[`content.decisions.${i}.issueKey`]}
                  >
                    <Textfield
                      id={`item-${d.id}`}
                      placeholder="KEY-123"
                      value={d.issueKey}
                      onChange={(e) => {
                        set(d.id, { issueKey: e.currentTarget.value });
                      }}
                    />
                  </Field>
                </Box>
                {stored?.issueKey === null && d.issueKey === '' && review.scope.key !== null && (
                  <Button
                    isDisabled={running || changed}
                    onClick={() => {
                      void create
                        .run({
                          reviewId: review.id,
                          decisionId: d.id,
                          projectKey: review.scope.key ?? '',
                          writeId: crypto.randomUUID(),
                        })
                        .then((r) => {
                          if (r.ok) {
                            setDecisions(r.data.decisions.map(draftOf));
                            onSaved(r.data);
                          }
                        });
                    }}
                  >
                    {review.creating === d.id
                      ? 'Being created…'
                      : `Create a work item in ${review.scope.key}`}
                  </Button>
                )}
                <TextButton
                  onClick={() => {
                    setDecisions((all) => all.filter((x) => x.id !== d.id));
                  }}
                >
                  Remove
                </TextButton>
              </Inline>
              {stored?.item !== undefined && <DecisionItem item={stored.item} />}
            </Stack>
          </Box>
        );
      })}
      <Inline space="space.100" shouldWrap alignBlock="center">
        <Button
          onClick={() => {
            setDecisions((all) => [...all, { id: crypto.randomUUID(), text: '', owner: null, issueKey: '' }]);
          }}
        >
          Add a decision
        </Button>
        <Button
          appearance="primary"
          isDisabled={running || !changed}
          onClick={() => {
            void save
              .run({
                reviewId: review.id,
                revision: review.revision,
                content: {
                  observations,
                  decisions: decisions.map((d) => ({
                    id: d.id,
                    text: d.text,
                    ownerAccountId: d.owner?.accountId ?? null,
                    issueKey: d.issueKey.trim() === '' ? null : d.issueKey.trim(),
                  })),
                },
              })
              .then((r) => {
                if (r.ok) {
                  setObservations(r.data.observations);
                  setDecisions(r.data.decisions.map(draftOf));
                  onSaved(r.data);
                }
              });
          }}
        >
          {save.state.status === 'running' ? 'Saving…' : 'Save review'}
        </Button>
        {changed && <Subtle>Unsaved changes. A work item is created from a saved decision.</Subtle>}
        {!changed && review.revision > 1 && <Subtle>Saved: revision {review.revision}.</Subtle>}
      </Inline>
      {save.state.status === 'failed' && <MutationFailure error={save.state.error} onReload={onReload} />}
      {create.state.status === 'failed' && (
        // A create that failed still moved the review (its claim, then its release): reload
        // before saving again, whatever the failure was.
        <ErrorPanel
          code={create.state.error.code}
          message={create.state.error.message}
          action={<Button onClick={onReload}>Reload</Button>}
        />
      )}
    </Stack>
  );
}
