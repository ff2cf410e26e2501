import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { router } from '@forge/bridge';
import { useState, type ReactNode } from 'react';
import type { RegisterView } from '../../../src/contract';
import type { AgreementStatus } from '../../../src/domain/agreement';
import type { MinimumPaymentsLedger } from '../../../src/domain/minimum-payments';
import { formatRegisterCsv } from '../../../src/presentation/register-csv';
import { RegisterTable, StatusFilter } from '../../common/agreement-register';
import { FieldLabel, Outcome, Section, Stat } from '../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../common/data-table';
import { download } from '../../common/download';
import { percent, plural } from '../../common/format';
import { useCall } from '../../common/use-call';
import { PAYMENT_WORDS } from '../../common/agreement-words';
import { SprintPayments } from './plan/sprint-payments';

const styles = cssMap({
  filter: { minWidth: '260px' },
  // A JQL query is one long word: it breaks anywhere rather than widen the page past the frame.
  jql: { overflowWrap: 'anywhere' },
});

const PAYMENT_COLUMNS = [
  { name: 'Period' },
  { name: 'Completed', align: 'end' },
  { name: 'Debts', align: 'end' },
  { name: 'Share', align: 'end' },
  { name: 'Payment' },
] as const;

/** The space's technical-debt agreements: the ranked register, the reviews due, the minimum payments. */
export function DebtRegisterTab({ projectKey }: { projectKey: string }): ReactNode {
  const { state, reload } = useCall('listAgreements', { projectKeys: [projectKey] });
  return (
    <Outcome state={state} loading="Reading the space's agreements…">
      {(view) => (
        <Register
          view={view}
          onReload={reload}
          showProject={false}
          empty="No epic of this space records an agreement yet."
          payments={
            <Stack space="space.200">
              <Ledger ledger={view.ledger} agreed={view.ledgerAgreed} from={view.from} to={view.to} />
              <SprintPayments projectKey={projectKey} />
            </Stack>
          }
        />
      )}
    </Outcome>
  );
}

/**
 * A register of agreements, ranked, with its counts, filter, search and CSV, and the minimum
 * payments below it: one space's, or a value stream's with each team's payments.
 */
export function Register({
  view,
  onReload,
  showProject,
  empty,
  payments,
}: {
  view: RegisterView;
  onReload: () => void;
  /** Several spaces: each row names its space. */
  showProject: boolean;
  /** What an empty register says first. */
  empty: string;
  payments: ReactNode;
}): ReactNode {
  const [statuses, setStatuses] = useState<AgreementStatus[]>([]);
  const rows = statuses.length === 0 ? view.rows : view.rows.filter((r) => statuses.includes(r.status));
  const open = view.rows.filter((r) => r.state === 'open');
  const count = (status: AgreementStatus): number => view.rows.filter((r) => r.status === status).length;
  const searchUrl = `/issues/?jql=${encodeURIComponent(view.jql)}`;
  return (
    <Stack space="space.200">
      <Inline space="space.150" shouldWrap>
        <Stat label="Open agreements" value={String(open.length)} />
        <Stat label="Due for review this week" value={String(view.dueForReviewThisWeek)} detail="or before" />
        <Stat label="Overdue" value={String(count('overdue'))} />
        <Stat label="Needs repair" value={String(count('invalid'))} />
      </Inline>
      <Inline space="space.100" alignBlock="end" shouldWrap>
        <Box xcss={styles.filter}>
          <FieldLabel htmlFor="register-status">Status</FieldLabel>
          <StatusFilter id="register-status" value={statuses} onChange={setStatuses} />
        </Box>
        {view.jql !== '' && (
          <Button
            onClick={() => {
              void router.navigate(searchUrl);
            }}
          >
            Open in issue search
          </Button>
        )}
        <Button
          onClick={() => {
            const { csv, filename } = formatRegisterCsv({ ...view, rows });
            download(csv, filename);
          }}
        >
          Download CSV
        </Button>
        <Button appearance="subtle" onClick={onReload}>
          Refresh
        </Button>
      </Inline>
      {view.rows.length === 0 ? (
        <Text as="p">
          {empty} Open an epic and record one in its "Technical debt agreement" panel: the reason for the
          shortcut, what it costs, and when or on what trigger it is repaid.
        </Text>
      ) : (
        <RegisterTable
          rows={rows}
          showProject={showProject}
          more="Download CSV has every column."
          caption={`${plural(rows.length, 'agreement')}, ranked: overdue first, then by interest and WSJF score`}
        />
      )}
      {view.jql !== '' && (
        <Text size="small" color="color.text.subtle">
          The same agreements in Jira's search:{' '}
          <Box as="code" xcss={styles.jql}>
            {view.jql}
          </Box>
          . Save it as a filter and subscribe to it for reminders by e-mail; Flow Ledger sends no mail.
        </Text>
      )}
      <Section title="Minimum payments">{payments}</Section>
    </Stack>
  );
}

function Ledger({
  ledger,
  agreed,
  from,
  to,
}: {
  ledger: MinimumPaymentsLedger | null;
  /** The minimum is the team's (settings saved), not the default. */
  agreed: boolean;
  from: string;
  to: string;
}): ReactNode {
  if (ledger === null)
    return (
      <Text as="p" color="color.text.subtle">
        The space's settings give Debts no minimum share, so there is no minimum payment to make. Set one in
        Flow settings (teams commonly agree 10 to 20 %).
      </Text>
    );
  return (
    <Stack space="space.100">
      {agreed ? (
        <Text as="p">
          The minimum payment the team agreed is {percent(ledger.minimum)} of completed work each period,{' '}
          {from} to {to}.
          {ledger.run !== null &&
            ` ${ledger.run.payment === 'made' ? 'Made' : 'Missed'} ${plural(ledger.run.periods, 'period')} in a row.`}
        </Text>
      ) : (
        <Text as="p">
          No minimum payment is agreed yet: the periods are measured against Flow Ledger's default of{' '}
          {percent(ledger.minimum)} of completed work, {from} to {to}, until the team sets its own in Flow
          settings.
          {ledger.run !== null &&
            ` ${ledger.run.payment === 'made' ? 'At or above' : 'Below'} the default ${plural(ledger.run.periods, 'period')} in a row.`}
        </Text>
      )}
      <DataTable label="Minimum payments by period" width="narrow">
        <HeadRow columns={PAYMENT_COLUMNS} />
        <tbody>
          {ledger.periods.map((p) => (
            <tr key={p.period}>
              <RowHead>{p.period}</RowHead>
              <Cell align="end">{p.completed}</Cell>
              <Cell align="end">{p.debt}</Cell>
              <Cell align="end">{p.payment === 'nothing-completed' ? '–' : percent(p.share)}</Cell>
              <Cell>{PAYMENT_WORDS[p.payment]}</Cell>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </Stack>
  );
}
