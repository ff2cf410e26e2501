import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { useState, type ReactNode } from 'react';
import type { RegisterRow, RegisterView } from '../../../../src/contract';
import { ledgerOf } from '../../../../src/domain/minimum-payments';
import type { PeriodFigures } from '../../../../src/domain/period-figures';
import { band, days, percent, periodName } from '../../../../src/presentation/figure-words';
import { IssueLink, Section, Subtle } from '../../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';
import { ErrorPanel, MutationFailure } from '../../../common/error-panel';
import { plural } from '../../../common/format';
import { useCall } from '../../../common/use-call';
import { useMutation } from '../../../common/use-mutation';
import { PAYMENT_WORDS } from '../../../common/agreement-words';

const styles = cssMap({
  list: { paddingInlineStart: token('space.250'), marginBlock: token('space.0') },
  note: { minWidth: '240px' },
});

type RegisterSource = { readonly projectKeys: readonly string[] } | { readonly streamId: string };

/**
 * Debt in the same meeting (docs/flow-review.md#debt): what share of the period's completed work
 * was debt against the band, the minimum payments period by period, and the agreements that need
 * the meeting now: due for review (marked reviewed from here, with a note for their history),
 * overdue, and repaid since the last review with the evidence of the interest they were costing.
 */
export function DebtSection({
  periods,
  kind,
  source,
  since,
}: {
  periods: readonly PeriodFigures[];
  kind: 'week' | 'month';
  source: RegisterSource;
  /** The day after the period the last review covered (or the first period's first day). */
  since: string;
}): ReactNode {
  const latest = periods.at(-1);
  const when = latest === undefined ? '' : periodName(latest.label, kind);
  const minimum = latest?.debtBand?.min ?? null;
  const ledger =
    minimum === null
      ? null
      : ledgerOf(
          minimum,
          periods.map((p) => ({
            period: p.label,
            completed: p.velocity.total,
            debt: p.velocity.byType.debt,
          })),
        );
  const register = useCall(
    'streamId' in source ? 'listStreamAgreements' : 'listAgreements',
    'streamId' in source ? { streamId: source.streamId } : { projectKeys: [...source.projectKeys] },
  );
  return (
    <Section title={`Debt in ${when}`}>
      <Stack space="space.150">
        {latest !== undefined && (
          <Text as="p">
            {latest.debtShare === null ? (
              `Nothing was completed in ${when}, so no share of it went to debt.`
            ) : (
              <>
                <strong>
                  {percent(latest.debtShare)} of the work completed in {when} was debt
                </strong>
                {latest.debtBand === null
                  ? ', and no band is agreed for it.'
                  : `, against a band of ${band(latest.debtBand.min, latest.debtBand.max)}.`}
              </>
            )}
          </Text>
        )}
        {ledger !== null && (
          <div>
            <Text as="p">
              Minimum payment of {percent(ledger.minimum)} of completed work:{' '}
              {ledger.run === null
                ? 'no period had completed work.'
                : `${ledger.run.payment === 'made' ? 'made' : 'missed'} ${plural(ledger.run.periods, kind)} in a row.`}
            </Text>
            <DataTable label={`Minimum payments by ${kind}`} width="narrow" small>
              <HeadRow
                columns={[
                  { name: kind === 'month' ? 'Month' : 'Week of' },
                  { name: 'Debts', align: 'end' },
                  { name: 'Share', align: 'end' },
                  { name: 'Payment' },
                ]}
              />
              <tbody>
                {ledger.periods.map((p) => (
                  <tr key={p.period}>
                    <RowHead>{periodName(p.period, kind)}</RowHead>
                    <Cell align="end">
                      {p.debt} of {p.completed}
                    </Cell>
                    <Cell align="end">{p.payment === 'nothing-completed' ? '–' : percent(p.share)}</Cell>
                    <Cell>{PAYMENT_WORDS[p.payment]}</Cell>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          </div>
        )}
        {register.state.status === 'done' && !register.state.result.ok && (
          <ErrorPanel code={register.state.result.error.code} message={register.state.result.error.message} />
        )}
        {register.state.status === 'done' && register.state.result.ok && (
          <Agreements view={register.state.result.data} since={since} onChanged={register.reload} />
        )}
      </Stack>
    </Section>
  );
}

function Agreements({
  view,
  since,
  onChanged,
}: {
  view: RegisterView;
  since: string;
  onChanged: () => void;
}): ReactNode {
  // The register's own statuses (src/domain/agreement-status.ts) decide: an overdue agreement is
  // listed as overdue, whatever its review date.
  const due = view.rows.filter((r) => r.status === 'review-due');
  const overdue = view.rows.filter((r) => r.status === 'overdue');
  const repaid = view.rows.filter((r) => r.status === 'repaid' && r.repaidOn !== null && r.repaidOn >= since);
  return (
    <Stack space="space.150">
      <div>
        <Text weight="bold">Agreements due for review ({due.length})</Text>
        {due.length === 0 ? (
          <Subtle block>None is due for review.</Subtle>
        ) : (
          <Stack as="ul" space="space.100" xcss={styles.list}>
            {due.map((r) => (
              <DueForReview key={r.key} row={r} onReviewed={onChanged} />
            ))}
          </Stack>
        )}
      </div>
      <div>
        <Text weight="bold">Overdue agreements ({overdue.length})</Text>
        {overdue.length === 0 ? (
          <Subtle block>None is overdue.</Subtle>
        ) : (
          <Stack as="ul" space="space.050" xcss={styles.list}>
            {overdue.map((r) => (
              <li key={r.key}>
                <IssueLink issueKey={r.key} /> {r.summary} <Subtle>(due {r.dueDate ?? '–'})</Subtle>
              </li>
            ))}
          </Stack>
        )}
      </div>
      <div>
        <Text weight="bold">
          Repaid since {since} ({repaid.length})
        </Text>
        {repaid.length === 0 ? (
          <Subtle block>None was repaid since.</Subtle>
        ) : (
          <Stack as="ul" space="space.050" xcss={styles.list}>
            {repaid.map((r) => (
              <li key={r.key}>
                <IssueLink issueKey={r.key} /> {r.summary}
                {r.evidence !== null && r.evidence.epic.count > 0 && (
                  <Subtle>
                    {' '}
                    — the interest it was costing: its {plural(r.evidence.epic.count, 'work item')} flowed in{' '}
                    {days(r.evidence.epic.flowTimeP85)} at the 85th percentile, against{' '}
                    {days(r.evidence.project.flowTimeP85)} for the space; efficiency{' '}
                    {percent(r.evidence.epic.efficiency)} against {percent(r.evidence.project.efficiency)}.
                  </Subtle>
                )}
              </li>
            ))}
          </Stack>
        )}
      </div>
    </Stack>
  );
}

/** An agreement due for review, marked reviewed from the meeting, with a note for its history. */
function DueForReview({ row, onReviewed }: { row: RegisterRow; onReviewed: () => void }): ReactNode {
  const [note, setNote] = useState('');
  const review = useMutation('reviewAgreement');
  const id = `review-note-${row.key}`;
  return (
    <li>
      <Stack space="space.050">
        <span>
          <IssueLink issueKey={row.key} /> {row.summary}{' '}
          <Subtle>(review was due {row.nextReviewDate ?? '–'})</Subtle>
        </span>
        <div data-print="hide">
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Box xcss={styles.note}>
              <Textfield
                id={id}
                aria-label={`Note for the review of ${row.key}`}
                placeholder="A note for its history (optional)"
                value={note}
                onChange={(e) => {
                  setNote(e.currentTarget.value);
                }}
              />
            </Box>
            <Button
              isDisabled={review.state.status === 'running'}
              onClick={() => {
                void review
                  .run({
                    issueKey: row.key,
                    revision: row.revision,
                    writeId: crypto.randomUUID(),
                    note: note.trim() === '' ? null : note.trim(),
                  })
                  .then((r) => {
                    if (r.ok) onReviewed();
                  });
              }}
            >
              Mark reviewed
            </Button>
          </Inline>
        </div>
        {review.state.status === 'failed' && (
          <MutationFailure error={review.state.error} onReload={onReviewed} />
        )}
      </Stack>
    </li>
  );
}
