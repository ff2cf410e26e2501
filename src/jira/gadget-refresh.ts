/**
 * The intervals Jira's own gadgets offer for refreshing themselves, in minutes. Jira reads the
 * `refresh` key of what a gadget's edit view submits and reloads the gadget that often; a gadget
 * that should not refresh by itself submits no `refresh` at all. The app offers these, and the
 * preview's dashboard accepts only these: a browser timer of more than 2^31 ms fires at once.
 */
export const GADGET_REFRESH_MINUTES: readonly number[] = [15, 30, 60, 120];

/** Whether a gadget's saved `refresh` is one of Jira's intervals. */
export function isGadgetRefresh(value: unknown): value is number {
  return typeof value === 'number' && GADGET_REFRESH_MINUTES.includes(value);
}
