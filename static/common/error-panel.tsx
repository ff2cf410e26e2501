import Button from '@atlaskit/button/default/button';
import SectionMessage from '@atlaskit/section-message';
import type { ReactNode } from 'react';
import type { ErrorBody, ErrorCode } from '../../src/contract';
import { Subtle } from './components';
import { ERROR_WORDS } from './errors';

export function ErrorPanel({
  code,
  message,
  action,
}: {
  code: ErrorCode;
  message: string;
  action?: ReactNode;
}): ReactNode {
  const words = ERROR_WORDS[code];
  return (
    <SectionMessage
      appearance={code === 'NOT_PERMITTED' || code === 'NOT_FOUND' ? 'warning' : 'error'}
      title={words.title}
    >
      <p>{words.advice}</p>
      <Subtle block>{message}</Subtle>
      {action}
    </SectionMessage>
  );
}

/**
 * A change that did not go through. When someone else saved first (CONFLICT), the way on is to
 * reload what is now stored, so the panel offers it.
 */
export function MutationFailure({ error, onReload }: { error: ErrorBody; onReload: () => void }): ReactNode {
  return (
    <ErrorPanel
      code={error.code}
      message={error.message}
      action={error.code === 'CONFLICT' ? <Button onClick={onReload}>Reload</Button> : undefined}
    />
  );
}
