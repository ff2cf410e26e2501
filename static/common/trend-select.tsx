import { cssMap } from '@atlaskit/css';
import { Box } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import type { ReactNode } from 'react';
import { Subtle } from './components';

const styles = cssMap({ trendBy: { minWidth: '130px' } });

const OPTIONS = [
  { value: 'week' as const, label: 'Week' },
  { value: 'month' as const, label: 'Month' },
];

/** The trend's period: beside the window picker of a page of figures, or in a stream's form. */
export function TrendSelect({
  id,
  value,
  onChange,
  isDisabled = false,
  label = 'Trend by',
}: {
  id: string;
  value: 'week' | 'month';
  onChange: (period: 'week' | 'month') => void;
  isDisabled?: boolean;
  /** What the periods are for: a trend's, or a review's comparison. */
  label?: string;
}): ReactNode {
  return (
    <Box xcss={styles.trendBy}>
      <label htmlFor={id}>
        <Subtle>{label}</Subtle>
      </label>
      <Select
        inputId={id}
        label={label}
        isDisabled={isDisabled}
        value={OPTIONS.find((o) => o.value === value) ?? OPTIONS[0]}
        options={OPTIONS}
        onChange={(o) => {
          if (o !== null) onChange(o.value);
        }}
      />
    </Box>
  );
}
