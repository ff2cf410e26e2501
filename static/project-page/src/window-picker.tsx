import { cssMap } from '@atlaskit/css';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useState, type ReactNode } from 'react';
import { parseCivilDate } from '../../../src/domain/calendar';
import { Subtle } from '../../common/components';
import Button from '@atlaskit/button/default/button';
import { WEEK_CHOICES } from '../../common/gadget-config';
import type { WindowChoice } from './page-view';

export type { WindowChoice };

const styles = cssMap({
  preset: { minWidth: '160px' },
  date: { width: '130px' },
});

const PRESETS = WEEK_CHOICES.map((weeks) => ({ value: String(weeks), label: `Last ${weeks} weeks` }));

/**
 * The window of a flow review: a recent span ending today, or two dates. Dates start from the
 * window on screen (the backend's, on the site's clock, in the space's zone), are written as ISO
 * dates like the rest of the page, and are asked for once, when Apply is pressed (or Enter) and
 * both are dates with the first not after the second: not at each keystroke that happens to
 * make a date.
 */
export function WindowPicker({
  value,
  current,
  today,
  onChange,
}: {
  value: WindowChoice;
  /** The window the page shows now, if any. */
  current: { readonly from: string; readonly to: string } | null;
  /** Today in the space's zone, where custom dates start when no window is on screen. */
  today: string;
  onChange: (w: WindowChoice) => void;
}): ReactNode {
  const options = [...PRESETS, { value: 'custom', label: 'Dates…' }];
  const selected =
    value.kind === 'custom'
      ? options[options.length - 1]
      : options.find((o) => o.value === String(value.weeks));
  return (
    <Inline space="space.100" alignBlock="start">
      <Box xcss={styles.preset}>
        <label htmlFor="window">
          <Subtle>Window</Subtle>
        </label>
        <Select
          inputId="window"
          label="Window"
          value={selected}
          options={options}
          onChange={(o) => {
            if (o === null) return;
            if (o.value === 'custom')
              onChange({ kind: 'custom', from: current?.from ?? today, to: current?.to ?? today });
            else onChange({ kind: 'recent', weeks: Number(o.value) });
          }}
        />
      </Box>
      {value.kind === 'custom' && (
        <CustomDates key={`${value.from}/${value.to}`} from={value.from} to={value.to} onChange={onChange} />
      )}
    </Inline>
  );
}

/** Two ISO dates edited as text; the window changes when they make one and are applied. */
function CustomDates({
  from,
  to,
  onChange,
}: {
  from: string;
  to: string;
  onChange: (w: WindowChoice) => void;
}): ReactNode {
  const [draft, setDraft] = useState({ from, to });
  const problem = problemOf(draft.from, draft.to);
  const changed = draft.from !== from || draft.to !== to;
  const edit = (next: { from: string; to: string }): void => {
    setDraft(next);
  };
  const apply = (): void => {
    if (problem === null && changed) onChange({ kind: 'custom', ...draft });
  };
  return (
    <form
      aria-label="Custom window"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="end">
          <DateField
            id="from"
            label="From"
            value={draft.from}
            invalid={problem !== null && problem.field !== 'to'}
            onChange={(v) => {
              edit({ ...draft, from: v });
            }}
          />
          <DateField
            id="to"
            label="To"
            value={draft.to}
            invalid={problem !== null && problem.field !== 'from'}
            onChange={(v) => {
              edit({ ...draft, to: v });
            }}
          />
          <Button type="submit" isDisabled={problem !== null || !changed}>
            Apply
          </Button>
        </Inline>
        {problem === null && changed && (
          <Text size="small" color="color.text.subtle">
            The figures are still for {from} to {to}: Apply to show {draft.from} to {draft.to}.
          </Text>
        )}
        {problem !== null && (
          <Box role="alert">
            <Text size="small" color="color.text.danger">
              {problem.message}
            </Text>
          </Box>
        )}
      </Stack>
    </form>
  );
}

function problemOf(
  from: string,
  to: string,
): { readonly field: 'from' | 'to' | 'both'; readonly message: string } | null {
  const start = parseCivilDate(from);
  const end = parseCivilDate(to);
  if (start === null) return { field: 'from', message: 'From is not a date: write it as YYYY-MM-DD.' };
  if (end === null) return { field: 'to', message: 'To is not a date: write it as YYYY-MM-DD.' };
  if (start > end) return { field: 'both', message: 'From is after To: the window would be empty.' };
  return null;
}

function DateField({
  id,
  label,
  value,
  invalid,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  invalid: boolean;
  onChange: (v: string) => void;
}): ReactNode {
  return (
    <Box xcss={styles.date}>
      <label htmlFor={id}>
        <Subtle>{label}</Subtle>
      </label>
      <Textfield
        id={id}
        value={value}
        placeholder="YYYY-MM-DD"
        maxLength={10}
        isInvalid={invalid}
        aria-invalid={invalid}
        onChange={(e) => {
          onChange(e.currentTarget.value.trim());
        }}
      />
    </Box>
  );
}
