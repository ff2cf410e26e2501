import Button from '@atlaskit/button/default/button';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import type { ReactNode } from 'react';
import type { StreamSummary } from '../../../../src/contract';
import { Loading, TextButton } from '../../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';
import { ErrorPanel } from '../../../common/error-panel';
import { dayIn, plural } from '../../../common/format';
import { useCall } from '../../../common/use-call';

/** Every value stream of the site, with the spaces of each the reader may see and how many not. */
export function StreamList({
  onOpen,
  onNew,
}: {
  onOpen: (streamId: string) => void;
  onNew: () => void;
}): ReactNode {
  const { state } = useCall('listStreams', {});
  return (
    <Stack space="space.200">
      <Inline shouldWrap spread="space-between" alignBlock="end" space="space.100">
        <div>
          <Heading size="large" as="h1">
            Value streams
          </Heading>
          <Text as="p" color="color.text.subtle">
            Several teams&apos; spaces seen as one: where the product&apos;s capacity goes, and each team side
            by side.
          </Text>
        </div>
        <Button appearance="primary" onClick={onNew}>
          Create value stream
        </Button>
      </Inline>
      {state.status === 'loading' && <Loading label="Reading the value streams…" />}
      {state.status === 'done' && !state.result.ok && (
        <ErrorPanel code={state.result.error.code} message={state.result.error.message} />
      )}
      {state.status === 'done' && state.result.ok && (
        <Streams streams={state.result.data.streams} onOpen={onOpen} />
      )}
    </Stack>
  );
}

/** The reader's own zone, as their browser knows it: the day a stream was changed for them. */
function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function spacesInWords(s: StreamSummary): string {
  const seen = plural(s.spaces, 'space');
  return s.unavailable === 0 ? seen : `${seen} (${s.unavailable} not shown to you)`;
}

function Streams({
  streams,
  onOpen,
}: {
  streams: readonly StreamSummary[];
  onOpen: (streamId: string) => void;
}): ReactNode {
  if (streams.length === 0)
    return (
      <Box>
        <Text as="p">
          No value stream yet. A stream gathers the spaces of the teams that deliver one product, each keeping
          its own flow settings, so that Features, Defects, Risks and Debts mean the same across them.
        </Text>
      </Box>
    );
  return (
    <DataTable label="Value streams">
      <HeadRow
        columns={[{ name: 'Stream' }, { name: 'Description' }, { name: 'Spaces' }, { name: 'Changed' }]}
      />
      <tbody>
        {streams.map((s) => (
          <tr key={s.id}>
            <RowHead>
              <TextButton
                onClick={() => {
                  onOpen(s.id);
                }}
              >
                {s.name}
              </TextButton>
            </RowHead>
            <Cell>{s.description === '' ? '–' : s.description}</Cell>
            <Cell>{spacesInWords(s)}</Cell>
            <Cell>{dayIn(s.updatedAt, localZone())}</Cell>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
