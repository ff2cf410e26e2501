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
}: {
  id: string;
  value: 'week' | 'month';
  onChange: (period: 'week' | 'month') => void;
  isDisabled?: boolean;
}): ReactNode {
  return (
    <Box xcss={styles.trendBy}>
      <label htmlFor={id}>
        <Subtle>Trend by</Subtle>
      </label>
      <Select
        inputId={id}
        label="Trend by"
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
