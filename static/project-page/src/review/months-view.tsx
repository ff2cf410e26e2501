import { cssMap } from '@atlaskit/css';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { MetricTrend, PeriodFigures } from '../../../../src/domain/period-figures';
import { axisDay } from '../../../common/chart-parts';
import { CountLink, Section } from '../../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';
import { days } from '../../../common/format';
import { periodColumns, periodRow } from '../../../../src/presentation/review-tables';
import { METRIC_LOOKS } from '../../../../src/presentation/figure-words';
import { ProcessChart } from './process-chart';

const styles = cssMap({
  notice: { marginBlockStart: token('space.200') },
  metrics: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))',
    gap: token('space.200'),
  },
  // One metric per block: a printed page breaks between blocks, never inside one.
  metric: { breakInside: 'avoid' },
  // Eleven columns do not fit a narrow frame: the table scrolls sideways rather than wrapping
  // every head and figure onto three lines.
  scroll: { overflowX: 'auto', whiteSpace: 'nowrap' },
});

const BEHAVIOUR_WORDS: Readonly<Record<MetricTrend['behaviour']['kind'], string>> = {
  signal: 'signal',
  noise: 'usual range',
  'too-few': 'too few periods',
  'no-value': 'no value',
};

/** What the months say at once: signals, all within range, or not enough to tell for some. */
function headline(trends: readonly MetricTrend[], when: string): string {
  const signals = trends.filter((t) => t.behaviour.kind === 'signal').length;
  const judged = trends.filter((t) => t.behaviour.kind === 'signal' || t.behaviour.kind === 'noise').length;
  if (signals > 0)
    return `${signals} of ${trends.length} metrics changed in ${when} by more than their usual variation`;
  if (judged === trends.length) return `Every metric of ${when} is within its usual range`;
  if (judged === 0) return `Too little to tell a signal from noise in ${when} yet`;
  return `${judged} of ${trends.length} metrics of ${when} are within their usual range; the others cannot be judged yet`;
}

/**
 * Month over month (docs/flow-metrics.md#signal-or-noise): what changed and whether it is a
 * signal, each metric's process-behaviour chart, and every period's figures in one table.
 */
export function MonthsView({
  periods,
  trends,
  period,
  onOpenPeriod,
}: {
  periods: readonly PeriodFigures[];
  trends: readonly MetricTrend[];
  period: 'week' | 'month';
  /** Lists a period's completed work items (live figures only: a review's are frozen). */
  onOpenPeriod?: (p: PeriodFigures) => void;
}): ReactNode {
  const latest = periods.at(-1);
  const signals = trends.filter((t) => t.behaviour.kind === 'signal');
  const unstable = latest?.littlesLaw.stable === false ? latest : null;
  const when = latest === undefined ? 'the last period' : axisDay(latest.label, period);
  return (
    <>
      <Box xcss={styles.notice}>
        <SectionMessage
          appearance={signals.length > 0 ? 'warning' : 'information'}
          title={headline(trends, when)}
        >
          <Stack as="ul" space="space.050">
            {[...signals, ...trends.filter((t) => t.behaviour.kind !== 'signal')].map((t) => (
              <li key={t.metric}>{t.words}</li>
            ))}
          </Stack>
        </SectionMessage>
      </Box>
      {unstable !== null && (
        <Box xcss={styles.notice}>
          <SectionMessage appearance="information" title="The flow was not stable">
            In {axisDay(unstable.label, period)} the average load and the throughput expect a flow time of{' '}
            {days(unstable.littlesLaw.expectedDays)} (Little&apos;s Law), but items took{' '}
            {days(unstable.littlesLaw.observedDays)} on average: more was started than finished, or items aged
            without bound, so averages describe this {period} poorly.
          </SectionMessage>
        </Box>
      )}
      <Section title={`Each metric ${period} by ${period}`}>
        <Box xcss={styles.metrics}>
          {trends.map((t) => (
            <Box
              key={t.metric}
              xcss={styles.metric}
              as="section"
              aria-label={METRIC_LOOKS[t.metric].title}
              data-print="block"
            >
              <Stack space="space.050">
                <Inline space="space.100" alignBlock="center" shouldWrap>
                  <Text weight="bold">{METRIC_LOOKS[t.metric].title}</Text>
                  <Text>{METRIC_LOOKS[t.metric].format(t.values.at(-1) ?? null)}</Text>
                  <Lozenge appearance={t.behaviour.kind === 'signal' ? 'moved' : 'default'}>
                    {BEHAVIOUR_WORDS[t.behaviour.kind]}
                  </Lozenge>
                </Inline>
                <Text as="p" color="color.text.subtle">
                  {t.words}
                </Text>
                <ProcessChart trend={t} periods={periods} period={period} />
              </Stack>
            </Box>
          ))}
        </Box>
      </Section>
      <Section title={`Figures ${period} by ${period}`}>
        <Box xcss={styles.scroll} data-print="wrap">
          <PeriodTable periods={periods} period={period} onOpen={onOpenPeriod} />
        </Box>
      </Section>
    </>
  );
}

/** Every period's figures in one table: the review's record, as the Markdown gives it too. */
export function PeriodTable({
  periods,
  period,
  onOpen,
}: {
  periods: readonly PeriodFigures[];
  period: 'week' | 'month';
  onOpen?: ((p: PeriodFigures) => void) | undefined;
}): ReactNode {
  return (
    <DataTable label={`Figures per ${period}`} small>
      <HeadRow columns={periodColumns(period)} />
      <tbody>
        {periods.map((p) => {
          const [head, completed, ...cells] = periodRow(p, period);
          return (
            <tr key={p.label}>
              <RowHead>{head}</RowHead>
              <Cell align="end">
                <CountLink
                  value={completed ?? ''}
                  what={`work items completed in ${head ?? ''}`}
                  onOpen={
                    onOpen !== undefined && p.velocity.total > 0
                      ? () => {
                          onOpen(p);
                        }
                      : undefined
                  }
                />
              </Cell>
              {cells.map((c, i) => (
                <Cell key={i} align="end">
                  {c}
                </Cell>
              ))}
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
