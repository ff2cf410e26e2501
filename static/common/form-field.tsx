import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { Stack } from '@atlaskit/primitives/compiled';
import type { ReactNode } from 'react';

/** What a labelled field gives the control inside it, so that label, help and error are tied to it. */
export interface FieldControlProps {
  readonly id: string;
  readonly 'aria-describedby'?: string;
  readonly 'aria-invalid'?: boolean;
  readonly isInvalid: boolean;
}

/**
 * One field of a form: its label, the control, an optional line of help and the error of this
 * field, with the ids that bind them (`aria-describedby`), in Atlassian's form type.
 */
export function FormField({
  id,
  label,
  required = false,
  helper,
  error,
  children,
}: {
  id: string;
  label: string;
  required?: boolean;
  helper?: ReactNode;
  error?: string | undefined;
  /** The control, given its props and the label's own id (for a group of controls the label names). */
  children: (control: FieldControlProps, labelId: string) => ReactNode;
}): ReactNode {
  const helperId = `${id}-helper`;
  const errorId = `${id}-error`;
  const describedBy = [helper !== undefined ? helperId : null, error !== undefined ? errorId : null]
    .filter((x) => x !== null)
    .join(' ');
  return (
    <Stack space="space.050">
      <Label htmlFor={id} id={`${id}-label`}>
        {label}
        {required ? ' (required)' : ''}
      </Label>
      {children(
        {
          id,
          ...(describedBy !== '' ? { 'aria-describedby': describedBy } : {}),
          ...(error !== undefined ? { 'aria-invalid': true } : {}),
          isInvalid: error !== undefined,
        },
        `${id}-label`,
      )}
      {helper !== undefined && (
        <HelperMessage>
          <span id={helperId}>{helper}</span>
        </HelperMessage>
      )}
      {error !== undefined && (
        <ErrorMessage>
          <span id={errorId}>{error}</span>
        </ErrorMessage>
      )}
    </Stack>
  );
}
