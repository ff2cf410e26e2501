import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { TEXT_SUBTLE } from '../../common/components';

/** One labelled setting, with the message of its value when it does not parse. */
export function Field({
  label,
  id,
  error,
  children,
}: {
  label: string;
  id: string;
  error?: string | undefined;
  children: ReactNode;
}): ReactNode {
  return (
    <div style={{ marginTop: token('space.100'), maxWidth: 520 }}>
      <label
        htmlFor={id}
        style={{ display: 'block', fontSize: 12, color: TEXT_SUBTLE, marginBottom: token('space.050') }}
      >
        {label}
      </label>
      {children}
      <FieldError id={id} error={error} />
    </div>
  );
}

/** The message of a field that does not parse, tied to its input by `aria-describedby`. */
export function FieldError({ id, error }: { id: string; error: string | undefined }): ReactNode {
  if (error === undefined) return null;
  return (
    <div
      id={`${id}-error`}
      style={{ color: token('color.text.danger'), fontSize: 12, marginTop: token('space.050') }}
    >
      {error}
    </div>
  );
}
