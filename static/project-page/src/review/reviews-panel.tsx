import Button from '@atlaskit/button/default/button';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { useState, type ReactNode } from 'react';
import type { ReviewListView } from '../../../../src/contract';
import { periodName } from '../../../../src/presentation/figure-words';
import { Section, Subtle, TextButton } from '../../../common/components';
import { ErrorPanel, MutationFailure } from '../../../common/error-panel';
import { dayIn, plural } from '../../../common/format';
import { useCall } from '../../../common/use-call';
import { useMutation } from '../../../common/use-mutation';

type ScopePayload = { readonly projectKey: string } | { readonly streamId: string };

/**
 * The reviews of a space or a stream, newest first, and the start of the latest period's review:
 * its figures frozen as the page shows them now (docs/flow-review.md).
 */
export function ReviewsPanel({
  scope,
  by,
  periods,
  latest,
  onOpen,
}: {
  scope: ScopePayload;
  by: 'week' | 'month';
  periods: number;
  /** The latest complete period's first day, as the figures above name it; null until they are read. */
  latest: string | null;
  onOpen: (reviewId: string) => void;
}): ReactNode {
  const { state, reload } = useCall('listReviews', scope);
  const start = useMutation('startReview');
  const list: ReviewListView | null = state.status === 'done' && state.result.ok ? state.result.data : null;
  const done = list?.reviews.find((r) => r.period.kind === by && r.period.label === latest);
  const starting = start.state.status === 'running';
  // One id per start until it is answered: a start sent again after a lost answer is the same one.
  const [startId, setStartId] = useState(() => crypto.randomUUID());
  return (
    <Section title="Reviews">
      <Stack space="space.100">
        {state.status === 'done' && !state.result.ok && (
          <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
        )}
        {latest !== null && list !== null && done === undefined && (
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Button
              appearance="primary"
              isDisabled={starting}
              onClick={() => {
                void start.run({ reviewId: startId, ...scope, periods, period: by }).then((r) => {
                  if (r.ok && r.data.status === 'saved') onOpen(r.data.id);
                  if (r.ok) setStartId(crypto.randomUUID());
                });
              }}
            >
              {starting ? 'Starting…' : `Start the review of ${periodName(latest, by)}`}
            </Button>
            <Subtle>Freezes these figures, so that the review shows what was discussed.</Subtle>
          </Inline>
        )}
        {start.state.status === 'saved' && start.state.data.status === 'refreshing' && (
          <Text as="p">The figures are still being read; start the review once they are shown.</Text>
        )}
        {start.state.status === 'failed' && <MutationFailure error={start.state.error} onReload={reload} />}
        {list !== null && list.reviews.length === 0 && (
          <Subtle block>No review of {list.scope.name} has been recorded yet.</Subtle>
        )}
        {list !== null && list.reviews.length > 0 && (
          <Stack as="ul" space="space.050">
            {list.reviews.map((r) => (
              <li key={r.id}>
                <TextButton
                  onClick={() => {
                    onOpen(r.id);
                  }}
                >
                  Review of {periodName(r.period.label, r.period.kind)}
                </TextButton>{' '}
                <Subtle>
                  started by {r.createdBy.displayName ?? 'a person hidden from you'} on{' '}
                  {dayIn(r.createdAt, r.timeZone)}, {plural(r.decisions, 'decision')}
                </Subtle>
              </li>
            ))}
          </Stack>
        )}
        {list !== null && list.hidden > 0 && (
          <Subtle block>
            {plural(list.hidden, 'more review')} of this stream {list.hidden === 1 ? 'covers' : 'cover'}{' '}
            spaces you may not browse, so {list.hidden === 1 ? 'it is' : 'they are'} not shown.
          </Subtle>
        )}
      </Stack>
    </Section>
  );
}
