/**
 * Failures a test scripts, for the emulated Jira and the local Forge storage alike: each is met
 * once, by the first request it applies to after `after` such requests have passed.
 */
export class ScriptedFaults<F extends { readonly after?: number | undefined }> {
  private readonly pending: { readonly fault: F; skip: number }[] = [];

  add(faults: readonly F[]): void {
    this.pending.push(...faults.map((fault) => ({ fault, skip: fault.after ?? 0 })));
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** The fault this request meets, used up as it is met; null while none applies. */
  next(appliesTo: (fault: F) => boolean): F | null {
    const i = this.pending.findIndex((p) => appliesTo(p.fault));
    const pending = this.pending[i];
    if (pending === undefined) return null;
    if (pending.skip > 0) {
      pending.skip--;
      return null;
    }
    this.pending.splice(i, 1);
    return pending.fault;
  }
}
