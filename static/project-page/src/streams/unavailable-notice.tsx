import { cssMap } from '@atlaskit/css';
import { Box } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { plural } from '../../../common/format';

const styles = cssMap({ notice: { marginBlockStart: token('space.200') } });

/**
 * The stream's spaces a reader is not shown, as a count and never by name: hidden from them and
 * gone read the same (docs/value-streams.md#who-sees-what).
 */
export function UnavailableNotice({ unavailable, shown }: { unavailable: number; shown: number }): ReactNode {
  if (unavailable === 0) return null;
  return (
    <Box xcss={styles.notice}>
      <SectionMessage
        appearance="information"
        title={
          shown === 0
            ? 'None of this stream’s spaces is shown to you'
            : `${plural(unavailable, 'space')} of this stream ${unavailable === 1 ? 'is' : 'are'} not shown`
        }
      >
        {unavailable === 1
          ? 'It no longer exists, or you may not browse it'
          : 'They no longer exist, or you may not browse them'}
        : the figures below are of the {plural(shown, 'space')} you may browse.
      </SectionMessage>
    </Box>
  );
}
