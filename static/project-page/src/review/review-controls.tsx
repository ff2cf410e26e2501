import { cssMap } from '@atlaskit/css';
import { Box, Inline } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import type { ReactNode } from 'react';
import { Subtle } from '../../../common/components';
import { TrendSelect } from '../../../common/trend-select';
import { PERIOD_CHOICES, type ReviewChoice } from '../page-view';

const styles = cssMap({ periods: { minWidth: '110px' } });

const OPTIONS = PERIOD_CHOICES.map((n) => ({ value: n, label: String(n) }));

/** What the review compares: how many complete periods, and months or weeks. */
export function ReviewControls({
  value,
  onChange,
}: {
  value: ReviewChoice;
  onChange: (next: ReviewChoice) => void;
}): ReactNode {
  return (
    <Inline space="space.100" alignBlock="end">
      <TrendSelect
        id="review-by"
        label="Compare by"
        value={value.by}
        onChange={(by) => {
          onChange({ ...value, by });
        }}
      />
      <Box xcss={styles.periods}>
        <label htmlFor="review-periods">
          <Subtle>Periods</Subtle>
        </label>
        <Select
          inputId="review-periods"
          label="Periods"
          value={OPTIONS.find((o) => o.value === value.periods) ?? OPTIONS[0]}
          options={OPTIONS}
          onChange={(o) => {
            if (o !== null) onChange({ ...value, periods: o.value });
          }}
        />
      </Box>
    </Inline>
  );
}
