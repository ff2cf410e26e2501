import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { view } from '@forge/bridge';
import { useEffect, useState, type ReactNode } from 'react';
import type { ErrorBody } from '../../../src/contract';
import { describeCount, isCounted } from '../../../src/domain/flow-counts';
import type { ItemRow } from '../../../src/domain/item-rows';
import { call } from '../../common/bridge';
import { FailurePanel, IssueLink, Loading, TypeLozenge } from '../../common/components';
import { Cell, DataTable, HeadRow } from '../../common/data-table';
import { days, plural, TYPE_LABELS } from '../../common/format';
import { OpenInIssueSearch } from '../../common/issue-search-button';
import { drillContext, type DrillContext } from './drill-context';

const COLUMNS = [
  { name: 'Work item' },
  { name: 'Summary' },
  { name: 'Type' },
  { name: 'State' },
  { name: 'Flow time', align: 'end' },
] as const;

/** Rows listed at first; the rest on asking. */
const SHOWN = 100;

const STATE_WORDS: Readonly<Record<ItemRow['state'], string>> = {
  new: 'Not started',
  active: 'Active',
  waiting: 'Waiting',
  done: 'Done',
};

// Jira gives the modal a frame the size of the viewport: the list scrolls between a header and a
// footer that stay in view, however many work items a count holds.
const styles = cssMap({
  frame: {
    display: 'flex',
    flexDirection: 'column',
    height: '100vh',
    boxSizing: 'border-box',
    backgroundColor: token('elevation.surface.overlay'),
  },
  header: { paddingBlock: token('space.200'), paddingInline: token('space.300') },
  // A flex item shrinks below its content only with a least height of 0: else the page scrolls.
  body: { flexGrow: 1, minHeight: '0', overflowY: 'auto', paddingInline: token('space.300') },
  footer: {
    paddingBlock: token('space.200'),
    paddingInline: token('space.300'),
    borderBlockStartWidth: token('border.width'),
    borderBlockStartStyle: 'solid',
    borderBlockStartColor: token('color.border'),
  },
});

type Listing =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly error: ErrorBody }
  | { readonly status: 'ready'; readonly rows: readonly ItemRow[] };

/**
 * The work items behind one count of the project page, in the host's modal (`@forge/bridge`'s
 * `Modal`, which Jira places in the viewport), each linked to its work item. The rows are the
 * export's (docs/flow-metrics.md#drill-down): the figures are ready when a count can be clicked,
 * so the facts are cached and this read is cheap.
 */
export function DrillDownModal(): ReactNode {
  const [context, setContext] = useState<DrillContext | null | 'loading'>('loading');
  useEffect(() => {
    void drillContext().then(setContext, () => {
      setContext(null);
    });
  }, []);
  if (context === 'loading') return <Loading label="Opening the list…" />;
  if (context === null)
    return <FailurePanel code="INTERNAL" message="This list was opened without a count to show." />;
  return <Listed context={context} />;
}

function Listed({ context }: { context: DrillContext }): ReactNode {
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  const [all, setAll] = useState(false);
  useEffect(() => {
    let live = true;
    const rows =
      'stream' in context ? call('getStreamItems', context.stream) : call('getProjectItems', context.payload);
    void rows.then((r) => {
      if (!live) return;
      setListing(
        r.ok
          ? { status: 'ready', rows: r.data.rows.filter((row) => isCounted(row, context.count)) }
          : { status: 'failed', error: r.error },
      );
    });
    return () => {
      live = false;
    };
  }, [context]);
  const title = describeCount(context.count, (t) => TYPE_LABELS[t]);
  const rows = listing.status === 'ready' ? listing.rows : [];
  const close = (): void => {
    void view.close();
  };
  return (
    <Box xcss={styles.frame}>
      <Box as="header" xcss={styles.header}>
        <Heading size="medium" as="h1">
          {title[0]?.toUpperCase()}
          {title.slice(1)}
          {listing.status === 'ready' ? ` (${listing.rows.length})` : ''}
        </Heading>
      </Box>
      {/* A region that scrolls is one a keyboard can reach, and name. */}
      <Box xcss={styles.body} role="region" aria-label="Work items" tabIndex={0}>
        {listing.status === 'loading' && <Loading label="Reading the work items…" />}
        {listing.status === 'failed' && (
          <FailurePanel code={listing.error.code} message={listing.error.message} />
        )}
        {listing.status === 'ready' &&
          (rows.length === 0 ? (
            <Text as="p" color="color.text.subtle">
              No work item is counted here.
            </Text>
          ) : (
            <RowTable rows={all ? rows : rows.slice(0, SHOWN)} label={title} />
          ))}
      </Box>
      <Box as="footer" xcss={styles.footer}>
        <Stack space="space.100">
          <Inline space="space.100" alignInline="end" shouldWrap>
            {rows.length > SHOWN && (
              <Button
                onClick={() => {
                  setAll(!all);
                }}
              >
                {all ? `Show the first ${SHOWN}` : `Show all ${plural(rows.length, 'work item')}`}
              </Button>
            )}
            {rows.length > 0 && <OpenInIssueSearch keys={rows.map((r) => r.key)} />}
            <Button appearance="primary" onClick={close}>
              Close
            </Button>
          </Inline>
        </Stack>
      </Box>
    </Box>
  );
}

function RowTable({ rows, label }: { rows: readonly ItemRow[]; label: string }): ReactNode {
  return (
    <DataTable label={label} small>
      <HeadRow columns={COLUMNS} />
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <Cell>
              <IssueLink issueKey={r.key} />
            </Cell>
            <Cell>{r.summary}</Cell>
            <Cell>
              <TypeLozenge type={r.type} />
            </Cell>
            <Cell>{r.canceled ? 'Canceled' : STATE_WORDS[r.state]}</Cell>
            <Cell align="end">{days(r.flowTimeDays)}</Cell>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
