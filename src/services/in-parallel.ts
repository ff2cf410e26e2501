/**
 * Runs `work` over `items`, at most `limit` at once, and answers the results in the items' order.
 * Once one item fails, no other is started; those under way are waited for, then the first
 * failure is thrown: a resolver must not answer while its reads and writes go on behind it.
 */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !failed) {
      const index = next++;
      const item = items[index];
      if (item === undefined) continue;
      try {
        results[index] = await work(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  });
  const settled = await Promise.allSettled(lanes);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return results;
}
