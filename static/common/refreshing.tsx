import { cssMap } from '@atlaskit/css';
import { Box, Stack } from '@atlaskit/primitives/compiled';
import ProgressBar from '@atlaskit/progress-bar';
import { token } from '@atlaskit/tokens';
import { useEffect, type ReactNode } from 'react';
import { Subtle } from './components';

const styles = cssMap({
  frame: { marginBlockStart: token('space.300'), maxWidth: '560px' },
});

/** How often a page asks again while the async consumer reads a big project. */
const POLL_MS = 5000;

/**
 * A space (or a stream of spaces) read too big for one call: the work items read so far, as a
 * progress bar, while the page asks again every few seconds; the figures replace it when ready.
 */
export function Refreshing({
  name,
  view,
  poll,
}: {
  /** What is being read: the space's or the stream's name. */
  name: string;
  view: { readonly progress: { readonly done: number; readonly total: number } };
  poll: () => void;
}): ReactNode {
  useEffect(() => {
    const timer = setTimeout(poll, POLL_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [view, poll]);
  const { done, total } = view.progress;
  const share = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <Box xcss={styles.frame} role="status">
      <Stack space="space.100">
        <div>
          Reading {name} for the first time: {done.toLocaleString('en')} of {total.toLocaleString('en')} work
          items
        </div>
        <ProgressBar value={share} ariaLabel={`Work items read: ${Math.round(share * 100)} %`} />
        <Subtle block>
          A space this size is read in the background once; later visits need only what changed. The figures
          appear here when it is done.
        </Subtle>
      </Stack>
    </Box>
  );
}
