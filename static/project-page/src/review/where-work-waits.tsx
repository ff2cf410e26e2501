import { cssMap } from '@atlaskit/css';
import Lozenge from '@atlaskit/lozenge';
import { Box, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useState, type ReactNode } from 'react';
import type { WaitsSnapshot } from '../../../../src/domain/flow-review';
import type { WhereWorkWaits } from '../../../../src/domain/time-in-status';
import {
  kindsWords,
  mostWaitingWords,
  WAIT_COLUMNS,
  waitRow,
} from '../../../../src/presentation/review-tables';
import { CountLink, IssueLink, Section, TextButton } from '../../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';
import { days, plural } from '../../../common/format';

const styles = cssMap({
  headline: { marginBlockEnd: token('space.100') },
  scroll: { overflowX: 'auto' },
});

const ACTIVE_COLOR = token('color.chart.blue.bold');
const WAIT_COLOR = token('color.chart.orange.bold');

/** What a list of items opened from the table shows: one step's items, or every item. */
type Opened = { readonly step: string; readonly name: string } | null;

/**
 * Where the flow time of the items completed in a period went, status by status in workflow
 * order (docs/flow-metrics.md#where-work-waits): the step where most of it waits named in one
 * sentence, and every count opening the items behind it.
 */
export function WhereWorkWaitsView({
  waits,
  when,
}: {
  /** A review's frozen figures carry no item list: their counts open nothing. */
  waits: WaitsSnapshot & { readonly itemList?: WhereWorkWaits['itemList'] };
  when: string;
}): ReactNode {
  const itemList = waits.itemList;
  const [opened, setOpened] = useState<Opened | undefined>(undefined);
  if (waits.items === 0)
    return (
      <Section title={`Where work waited in ${when}`}>
        <Text as="p" color="color.text.subtle">
          No work item with a work start was completed in {when}: there is no flow time to divide.
        </Text>
      </Section>
    );
  const listed =
    opened === undefined || itemList === undefined
      ? []
      : itemList
          .filter((i) => opened === null || (i.stepDays[opened.step] ?? 0) > 0)
          .map((i) => ({ ...i, inStep: opened === null ? i.flowDays : (i.stepDays[opened.step] ?? 0) }))
          .sort((a, b) => b.inStep - a.inStep || a.key.localeCompare(b.key));
  const widest = Math.max(...waits.steps.map((s) => s.share), 0.0001);
  return (
    <Section title={`Where work waited in ${when}`}>
      <Box xcss={styles.headline}>
        <Text as="p">
          {waits.mostWaiting === null ? (
            <>No flow time waited: every step of the {plural(waits.items, 'completed item')} was active.</>
          ) : (
            <>
              <strong>{mostWaitingWords(waits)}</strong>, the step where most of it waits, over the{' '}
              <CountLink
                value={plural(waits.items, 'completed item')}
                what={`completed in ${when}`}
                onOpen={
                  itemList === undefined
                    ? undefined
                    : () => {
                        setOpened(null);
                      }
                }
              />
              .
            </>
          )}{' '}
          {kindsWords(waits)}
        </Text>
      </Box>
      <Box xcss={styles.scroll} data-print="wrap">
        <DataTable label={`Time in each status, ${when}`} small>
          <HeadRow columns={WAIT_COLUMNS} />
          <tbody>
            {waits.steps.map((s) => {
              const [, share, total, items, p50, p85] = waitRow(s);
              return (
                <tr key={s.step}>
                  <RowHead>
                    {s.name}
                    {s.waiting && (
                      <>
                        {' '}
                        <Lozenge appearance="moved">waits</Lozenge>
                      </>
                    )}
                  </RowHead>
                  <Cell>
                    <span
                      aria-hidden
                      // The bar's width is the figure itself: data, so an inline style (README).
                      style={{
                        display: 'inline-block',
                        width: Math.max(1, Math.round((s.share / widest) * 120)),
                        height: 8,
                        marginRight: 4,
                        borderRadius: 2,
                        background: s.waiting ? WAIT_COLOR : ACTIVE_COLOR,
                      }}
                    />
                    {share}
                  </Cell>
                  <Cell align="end">{total}</Cell>
                  <Cell align="end">
                    <CountLink
                      value={items ?? ''}
                      what={`items that spent time in ${s.name}`}
                      onOpen={
                        itemList === undefined
                          ? undefined
                          : () => {
                              setOpened({ step: s.step, name: s.name });
                            }
                      }
                    />
                  </Cell>
                  <Cell align="end">{p50}</Cell>
                  <Cell align="end">{p85}</Cell>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      </Box>
      {opened !== undefined && (
        <Stack space="space.100">
          <Text weight="bold">
            {opened === null
              ? `The ${plural(listed.length, 'work item')} completed in ${when}, longest flow time first`
              : `${plural(listed.length, 'work item')} that spent time in ${opened.name}, longest there first`}{' '}
            <TextButton
              onClick={() => {
                setOpened(undefined);
              }}
            >
              close
            </TextButton>
          </Text>
          <DataTable label="Work items behind the figure" small>
            <HeadRow
              columns={[
                { name: 'Work item' },
                { name: opened === null ? 'Flow time' : `In ${opened.name}`, align: 'end' },
                { name: 'Active', align: 'end' },
                { name: 'Waiting', align: 'end' },
              ]}
            />
            <tbody>
              {listed.map((i) => (
                <tr key={i.key}>
                  <RowHead>
                    <IssueLink issueKey={i.key} /> {i.summary}
                  </RowHead>
                  <Cell align="end">{days(i.inStep)}</Cell>
                  <Cell align="end">{days(i.kindDays.active)}</Cell>
                  <Cell align="end">{days(i.flowDays - i.kindDays.active)}</Cell>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </Stack>
      )}
    </Section>
  );
}
