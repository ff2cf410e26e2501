/**
 * The message of anything thrown. Errors from Node's own modules are not `instanceof Error` when
 * they cross a vm context (as under Jest), so the check is by shape, not by class.
 */
export function errorMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string')
    return e.message;
  return String(e);
}
