import Button from '@atlaskit/button/default/button';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Text } from '@atlaskit/primitives/compiled';
import { useEffect, useState, type ReactNode } from 'react';
import type { Contract, ErrorBody } from '../../../src/contract';
import { describeCount, isCounted, type FlowCount } from '../../../src/domain/flow-counts';
import type { ItemRow } from '../../../src/domain/item-rows';
import { call } from '../../common/bridge';
import { IssueLink, Loading, TypeLozenge } from '../../common/components';
import { Cell, DataTable, HeadRow } from '../../common/data-table';
import { ErrorPanel } from '../../common/error-panel';
import { days, plural, TYPE_LABELS } from '../../common/format';
import { OpenInIssueSearch } from '../../common/issue-search-button';

const COLUMNS = [
  { name: 'Work item' },
  { name: 'Summary' },
  { name: 'Type' },
  { name: 'State' },
  { name: 'Flow time', align: 'end' },
] as const;

type ItemsPayload = Contract['getProjectItems']['payload'];

/** Rows listed at first; the rest on asking. */
const SHOWN = 100;

const STATE_WORDS: Readonly<Record<ItemRow['state'], string>> = {
  new: 'Not started',
  active: 'Active',
  waiting: 'Waiting',
  done: 'Done',
};

type RowsRead = ReturnType<typeof call<'getProjectItems'>>;

/**
 * The rows behind the figures on screen, read once however many counts are opened: the figures
 * are ready when a count can be clicked, so the facts are cached and this read is cheap. Figures
 * read again (Refresh, another window) are other rows: only the last figures' read is kept.
 */
let lastRead: { readonly key: string; readonly read: RowsRead } | null = null;

function readRows(payload: ItemsPayload, figuresAt: string): RowsRead {
  const key = JSON.stringify([payload, figuresAt]);
  if (lastRead?.key === key) return lastRead.read;
  const read = call('getProjectItems', payload);
  lastRead = { key, read };
  // A failed read is not kept: asking again reads again.
  void read.then((r) => {
    if (!r.ok && lastRead?.key === key) lastRead = null;
  });
  return read;
}

type Listing =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly error: ErrorBody }
  | { readonly status: 'ready'; readonly rows: readonly ItemRow[] };

/** The work items behind one count of the project page, in a dialog, each linked to its work item. */
export default function DrillDown({
  count,
  payload,
  figuresAt,
  onClose,
}: {
  count: FlowCount;
  payload: ItemsPayload;
  /** When the figures on screen were computed (the view's generatedAt). */
  figuresAt: string;
  onClose: () => void;
}): ReactNode {
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  const [all, setAll] = useState(false);
  useEffect(() => {
    let live = true;
    void readRows(payload, figuresAt).then((r) => {
      if (!live) return;
      setListing(
        r.ok
          ? { status: 'ready', rows: r.data.rows.filter((row) => isCounted(row, count)) }
          : { status: 'failed', error: r.error },
      );
    });
    return () => {
      live = false;
    };
  }, [count, payload, figuresAt]);
  const title = describeCount(count, (t) => TYPE_LABELS[t]);
  const rows = listing.status === 'ready' ? listing.rows : [];
  return (
    <Modal onClose={onClose} width="large">
      <ModalHeader>
        <ModalTitle>
          {title[0]?.toUpperCase()}
          {title.slice(1)}
          {listing.status === 'ready' ? ` (${listing.rows.length})` : ''}
        </ModalTitle>
      </ModalHeader>
      <ModalBody>
        {listing.status === 'loading' && <Loading label="Reading the work items…" />}
        {listing.status === 'failed' && (
          <ErrorPanel code={listing.error.code} message={listing.error.message} />
        )}
        {listing.status === 'ready' &&
          (rows.length === 0 ? (
            <Text as="p" color="color.text.subtle">
              No work item is counted here.
            </Text>
          ) : (
            <RowTable rows={all ? rows : rows.slice(0, SHOWN)} label={title} />
          ))}
      </ModalBody>
      <ModalFooter>
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
        <Button appearance="primary" onClick={onClose}>
          Close
        </Button>
      </ModalFooter>
    </Modal>
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
