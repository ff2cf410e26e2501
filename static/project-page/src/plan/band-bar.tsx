import { cssMap } from '@atlaskit/css';
import { Box } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { FlowType } from '../../../../src/domain/types';
import { TYPE_COLORS } from '../../../common/components';
import { band, percent, TYPE_LABELS } from '../../../common/format';

const styles = cssMap({
  track: {
    position: 'relative',
    height: '12px',
    minWidth: '120px',
    borderRadius: token('radius.small'),
    backgroundColor: token('color.background.neutral'),
    overflow: 'hidden',
  },
});

/**
 * A type's planned share as a bar of 0–100 %, with its band drawn over it as a marked span from
 * its minimum to its maximum: a reader sees at a glance whether the bar ends inside the span.
 * The widths are the data, so they stay inline (README: the inline styles kept on purpose).
 */
export function BandBar({
  type,
  share,
  min,
  max,
}: {
  type: FlowType;
  share: number;
  min: number | null;
  max: number | null;
}): ReactNode {
  const from = min ?? 0;
  const to = max ?? 1;
  const hasBand = min !== null || max !== null;
  return (
    <Box
      xcss={styles.track}
      role="img"
      aria-label={`${TYPE_LABELS[type]}: ${percent(share)} planned${hasBand ? `, band ${band(min, max)}` : ', no band'}`}
    >
      <div
        style={{
          position: 'absolute',
          insetBlock: 0,
          insetInlineStart: 0,
          width: `${Math.min(1, Math.max(0, share)) * 100}%`,
          background: TYPE_COLORS[type],
        }}
      />
      {hasBand && (
        <div
          data-band
          style={{
            position: 'absolute',
            insetBlock: 0,
            insetInlineStart: `${from * 100}%`,
            width: `${Math.max(0, to - from) * 100}%`,
            borderInline: `2px solid ${token('color.border.bold')}`,
            background: token('color.background.accent.gray.subtler'),
            opacity: 0.7,
          }}
        />
      )}
    </Box>
  );
}
