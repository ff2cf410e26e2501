import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { TEXT_SUBTLE } from '../../common/components';

export type WindowChoice = { kind: 'recent'; weeks: number } | { kind: 'custom'; from: string; to: string };

const PRESETS = [4, 12, 26, 52].map((weeks) => ({ value: String(weeks), label: `Last ${weeks} weeks` }));

/** The window of a flow review: a recent span ending today, or two dates. */
export function WindowPicker({
  value,
  onChange,
}: {
  value: WindowChoice;
  onChange: (w: WindowChoice) => void;
}): ReactNode {
  const options = [...PRESETS, { value: 'custom', label: 'Dates…' }];
  const selected =
    value.kind === 'custom'
      ? options[options.length - 1]
      : options.find((o) => o.value === String(value.weeks));
  return (
    <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'end' }}>
      <div style={{ minWidth: 160 }}>
        <label htmlFor="window" style={{ display: 'block', fontSize: 12, color: TEXT_SUBTLE }}>
          Window
        </label>
        <Select
          inputId="window"
          label="Window"
          value={selected}
          options={options}
          onChange={(o) => {
            if (o === null) return;
            if (o.value === 'custom') {
              const to = new Date().toISOString().slice(0, 10);
              onChange({ kind: 'custom', from: to, to });
            } else onChange({ kind: 'recent', weeks: Number(o.value) });
          }}
        />
      </div>
      {value.kind === 'custom' && (
        <>
          <DateField
            id="from"
            label="From"
            value={value.from}
            onChange={(from) => {
              onChange({ ...value, from });
            }}
          />
          <DateField
            id="to"
            label="To"
            value={value.to}
            onChange={(to) => {
              onChange({ ...value, to });
            }}
          />
        </>
      )}
    </div>
  );
}

function DateField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
}): ReactNode {
  return (
    <div style={{ width: 150 }}>
      <label htmlFor={id} style={{ display: 'block', fontSize: 12, color: TEXT_SUBTLE }}>
        {label}
      </label>
      <Textfield
        id={id}
        type="date"
        value={value}
        onChange={(e) => {
          if (e.currentTarget.value !== '') onChange(e.currentTarget.value);
        }}
      />
    </div>
  );
}
