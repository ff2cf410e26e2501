import Select from '@atlaskit/select';
import type { ReactNode } from 'react';
import { REFRESH_CHOICES } from './gadget-config';

const NEVER = { value: null, label: 'Never' };

function every(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? 'Every hour' : `Every ${minutes / 60} hours`;
  return `Every ${minutes} minutes`;
}

/**
 * How often the dashboard refreshes a gadget by itself, with the choices Jira's own gadgets give.
 * An interval saved that is not among them (by another version of the app) is offered as it is.
 */
export function RefreshSelect({
  inputId,
  value,
  onChange,
}: {
  inputId: string;
  value: number | null;
  onChange: (minutes: number | null) => void;
}): ReactNode {
  const minutes =
    value !== null && !REFRESH_CHOICES.includes(value) ? [...REFRESH_CHOICES, value] : REFRESH_CHOICES;
  const options = [NEVER, ...minutes.map((m) => ({ value: m, label: every(m) }))];
  return (
    <Select
      inputId={inputId}
      value={options.find((o) => o.value === value) ?? NEVER}
      options={options}
      onChange={(o) => {
        if (o !== null) onChange(o.value);
      }}
    />
  );
}
