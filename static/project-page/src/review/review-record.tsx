import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { useEffect, useState, type ReactNode } from 'react';
import type { ReviewView } from '../../../../src/contract';
import { formatCivilDate, parseCivilDate } from '../../../../src/domain/calendar';
import { periodName } from '../../../../src/presentation/figure-words';
import { formatReviewCsv } from '../../../../src/presentation/review-csv';
import { formatReviewMarkdown } from '../../../../src/presentation/review-markdown';
import { Loading, Section, Subtle, TextButton } from '../../../common/components';
import { download } from '../../../common/download';
import { dayIn, plural } from '../../../common/format';
import { ErrorPanel, MutationFailure } from '../../../common/error-panel';
import { useCall } from '../../../common/use-call';
import { useMutation } from '../../../common/use-mutation';
import { DebtSection } from './debt-section';
import { DecisionItem, DecisionsEditor } from './decisions-editor';
import { MonthsView } from './months-view';
import { TeamDebtTable } from './team-debt-table';
import { WhereWorkWaitsView } from './where-work-waits';
import './print.css';

const styles = cssMap({
  tab: { paddingBlockStart: token('space.200'), width: '100%', minWidth: '0' },
  notice: { marginBlockStart: token('space.200') },
  list: { paddingInlineStart: token('space.250'), marginBlock: token('space.0') },
});

/**
 * A saved review (docs/flow-review.md): its figures as they were when it was started, what the
 * review before it decided and what became of that, what this one observed and decided, and the
 * pack to share it: Markdown, the figures as CSV, and a page that prints.
 */
export function ReviewRecord({ reviewId, onClose }: { reviewId: string; onClose: () => void }): ReactNode {
  const { state, reload } = useCall('getReview', { reviewId });
  const [shown, setShown] = useState<ReviewView | null>(null);
  useEffect(() => {
    setShown(state.status === 'done' && state.result.ok ? state.result.data : null);
  }, [state]);
  return (
    <Box xcss={styles.tab}>
      <div data-print="hide">
        <TextButton onClick={onClose}>Back to the live figures</TextButton>
      </div>
      {state.status === 'loading' && <Loading label="Opening the review…" />}
      {state.status === 'done' && !state.result.ok && (
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      )}
      {shown !== null && <Record review={shown} onChanged={setShown} onReload={reload} onDeleted={onClose} />}
    </Box>
  );
}

function Record({
  review,
  onChanged,
  onReload,
  onDeleted,
}: {
  review: ReviewView;
  onChanged: (next: ReviewView) => void;
  onReload: () => void;
  onDeleted: () => void;
}): ReactNode {
  const { snapshot } = review;
  const kind = snapshot.period;
  const when = periodName(review.period.label, kind);
  const remove = useMutation('deleteReview');
  const file = `flow-review-${review.scope.key ?? review.scope.id}-${when}`;
  return (
    <Stack space="space.100">
      <header>
        <Inline shouldWrap spread="space-between" space="space.100" alignBlock="end">
          <div>
            <Heading size="large" as="h1">
              Review of {when}: {review.scope.name}
            </Heading>
            <Text as="p" color="color.text.subtle">
              Figures as they were when {review.createdBy.displayName ?? 'a person hidden from you'} started
              it on {dayIn(review.createdAt, snapshot.timeZone)}; last saved by{' '}
              {review.updatedBy.displayName ?? 'a person hidden from you'} on{' '}
              {dayIn(review.updatedAt, snapshot.timeZone)}.
            </Text>
          </div>
          <div data-print="hide">
            <Inline shouldWrap space="space.100">
              <Button
                onClick={() => {
                  download(formatReviewMarkdown(review), `${file}.md`, 'text/markdown');
                }}
              >
                Download Markdown
              </Button>
              <Button
                onClick={() => {
                  download(formatReviewCsv(review), `${file}.csv`);
                }}
              >
                Figures as CSV
              </Button>
              <Button
                onClick={() => {
                  window.print();
                }}
              >
                Print or save as PDF
              </Button>
              {review.canDelete && (
                <Button
                  appearance="subtle"
                  isDisabled={remove.state.status === 'running'}
                  onClick={() => {
                    void remove
                      .run({ reviewId: review.id, revision: review.revision, confirm: true })
                      .then((r) => {
                        if (r.ok) onDeleted();
                      });
                  }}
                >
                  Delete review
                </Button>
              )}
            </Inline>
          </div>
        </Inline>
      </header>
      {remove.state.status === 'failed' && <MutationFailure error={remove.state.error} onReload={onReload} />}
      {review.previous !== null && (
        <Section title={`Decisions of the review of ${periodName(review.previous.period.label, kind)}`}>
          {review.previous.decisions.length === 0 ? (
            <Subtle block>That review recorded no decision.</Subtle>
          ) : (
            <Stack as="ul" space="space.050" xcss={styles.list}>
              {review.previous.decisions.map((d) => (
                <li key={d.id}>
                  {d.text}
                  {d.owner !== null && (
                    <Subtle> (owner: {d.owner.displayName ?? 'a person hidden from you'})</Subtle>
                  )}{' '}
                  — <DecisionItem item={d.item} />
                </li>
              ))}
            </Stack>
          )}
        </Section>
      )}
      <Section title="Observations and decisions">
        <div data-print="hide">
          <DecisionsEditor
            key={review.revision}
            review={review}
            peopleSpace={review.scope.key ?? snapshot.teams[0]?.space.key ?? null}
            onSaved={onChanged}
            onReload={onReload}
          />
        </div>
        <div data-print="only">
          <Text as="p">
            {review.observations === '' ? 'No observations were recorded.' : review.observations}
          </Text>
          <Stack as="ol" space="space.050" xcss={styles.list}>
            {review.decisions.map((d) => (
              <li key={d.id}>
                {d.text}
                {d.owner !== null && (
                  <> (owner: {d.owner.displayName ?? 'a person hidden from you'})</>
                )} — <DecisionItem item={d.item} />
              </li>
            ))}
          </Stack>
        </div>
      </Section>
      <Box xcss={styles.notice}>
        <SectionMessage appearance="information" title="The figures below are frozen">
          They are what the page showed when the review was started, so that this record shows what was
          discussed; the live figures may have moved since (settings changed, work items edited).
          {snapshot.unavailable > 0 &&
            ` They cover the ${plural(snapshot.teams.length, 'space')} of the stream its starter could browse; ${plural(snapshot.unavailable, 'other space')} ${snapshot.unavailable === 1 ? 'was' : 'were'} not shown to them.`}{' '}
          The debt section below is read now: the agreements as they stand today.
        </SectionMessage>
      </Box>
      <MonthsView periods={snapshot.periods} trends={snapshot.trends} period={kind} />
      {snapshot.waits !== null && <WhereWorkWaitsView waits={snapshot.waits} when={when} />}
      {snapshot.teams.length > 0 && (
        <Section title={`Debt share of each team in ${when}`}>
          <TeamDebtTable teams={snapshot.teams} />
        </Section>
      )}
      <DebtSection
        periods={snapshot.periods}
        kind={kind}
        source={
          review.scope.kind === 'stream'
            ? { streamId: review.scope.id }
            : { projectKeys: [review.scope.key ?? review.scope.id] }
        }
        since={
          review.previous === null
            ? review.period.from
            : formatCivilDate((parseCivilDate(review.previous.period.to) ?? 0) + 1)
        }
      />
    </Stack>
  );
}
