/** The closed set of error codes every layer speaks (docs/architecture.md). */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'NOT_PERMITTED',
  'CONFLICT',
  'JIRA_UNAVAILABLE',
  'STORAGE_UNAVAILABLE',
  'RATE_LIMITED',
  'TOO_LARGE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * An error the domain raises on input it cannot work with; the message is meant for people.
 * `fields` says, for a form, what is wrong with each field, by the field's path.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * The message of anything thrown. Errors from Node's own modules are not `instanceof Error` when
 * they cross a vm context (as under Jest), so the check is by shape, not by class.
 */
export function errorMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string')
    return e.message;
  return String(e);
}
