import { cssMap } from '@atlaskit/css';
import { Box, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { StreamRegisterView } from '../../../../src/contract';
import type { MinimumPaymentsLedger } from '../../../../src/domain/minimum-payments';
import { Outcome, Subtle } from '../../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';
import { percent, plural } from '../../../common/format';
import { useCall } from '../../../common/use-call';
import { PAYMENT_WORDS } from '../../../common/agreement-words';
import { Register } from '../debt-register-tab';

/**
 * A stream's technical-debt agreements: the register of its spaces the reader may browse, ranked
 * as one space's is, and each team's minimum payments, period by period, side by side.
 */
export function StreamAgreements({ streamId }: { streamId: string }): ReactNode {
  const { state, reload } = useCall('listStreamAgreements', { streamId });
  return (
    <Outcome state={state} loading="Reading the stream's agreements…">
      {(view) => (
        <Stack space="space.200">
          {view.unavailable > 0 && (
            <Subtle block>
              {plural(view.unavailable, 'space')} of this stream {view.unavailable === 1 ? 'is' : 'are'} not
              shown:
              {view.unavailable === 1
                ? ' it no longer exists, or you may not browse it.'
                : ' they no longer exist, or you may not browse them.'}
            </Subtle>
          )}
          <Register
            view={view}
            onReload={reload}
            showProject
            empty="No epic of this stream's spaces records an agreement yet."
            payments={<TeamPayments view={view} />}
          />
        </Stack>
      )}
    </Outcome>
  );
}

const COLOUR = {
  made: token('color.background.success.bold'),
  missed: token('color.background.danger.bold'),
  'nothing-completed': token('color.background.neutral'),
} as const;

/** A team's periods as a strip of marks, oldest first, each named in words for every reader. */
function PeriodStrip({ ledger }: { ledger: MinimumPaymentsLedger }): ReactNode {
  const words = ledger.periods
    .map(
      (p) =>
        `${p.period}: ${PAYMENT_WORDS[p.payment].toLowerCase()}${p.payment === 'nothing-completed' ? '' : ` (${percent(p.share)})`}`,
    )
    .join(', ');
  return (
    <Box role="img" aria-label={words} xcss={styles.strip}>
      {ledger.periods.map((p) => (
        <span
          key={p.period}
          title={`${p.period}: ${PAYMENT_WORDS[p.payment]}${p.payment === 'nothing-completed' ? '' : `, debt ${percent(p.share)}`}`}
          style={{
            display: 'inline-block',
            width: 10,
            height: 14,
            marginRight: 2,
            borderRadius: 2,
            background: COLOUR[p.payment],
          }}
        />
      ))}
    </Box>
  );
}

const styles = cssMap({ strip: { whiteSpace: 'nowrap' } });

function runInWords(run: MinimumPaymentsLedger['run']): string {
  if (run === null) return '–';
  return `${run.payment === 'made' ? 'Made' : 'Missed'} ${plural(run.periods, 'period')} in a row`;
}

/** Each team's minimum payments over the register's window: its minimum, its run, its periods. */
function TeamPayments({ view }: { view: StreamRegisterView }): ReactNode {
  if (view.teams.length === 0) return <Text as="p">No space of this stream is shown to you.</Text>;
  return (
    <Stack space="space.100">
      <Subtle block>
        Each team against its own minimum, {view.from} to {view.to}, period by period (made, missed, or
        nothing completed), oldest first.
      </Subtle>
      <DataTable label="Minimum payments by team">
        <HeadRow
          columns={[
            { name: 'Team' },
            { name: 'Minimum', align: 'end' },
            { name: 'Run' },
            { name: 'Periods' },
          ]}
        />
        <tbody>
          {view.teams.map(({ space, ledger, ledgerAgreed }) => (
            <tr key={space.id}>
              <RowHead>
                {space.name} <Subtle>{space.key}</Subtle>
              </RowHead>
              <Cell align="end">
                {ledger === null ? 'none' : percent(ledger.minimum)}
                {ledger !== null && !ledgerAgreed && <Subtle> (default)</Subtle>}
              </Cell>
              <Cell>{runInWords(ledger?.run ?? null)}</Cell>
              <Cell>{ledger === null ? '–' : <PeriodStrip ledger={ledger} />}</Cell>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </Stack>
  );
}
