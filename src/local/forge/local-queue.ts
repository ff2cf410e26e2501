import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * Forge's async events off Forge: what `@forge/events` publishes (through `__forge_fetch__`) is
 * delivered in this process to the consumer the manifest names for the queue, after the pushing
 * call has returned, one at a time per concurrency key, as the app. Consumers' failures are kept
 * and logged, never left as unhandled rejections.
 */

const publishSchema = z.object({
  queueName: z.string().regex(/^[a-zA-Z0-9-_]+$/),
  jobId: z.string(),
  payload: z
    .array(
      z.object({
        body: z.record(z.string(), z.unknown()),
        delayInSeconds: z.number().min(0).max(900).optional(),
        concurrency: z.object({ key: z.string(), limit: z.number().int().min(1) }).optional(),
      }),
    )
    .min(1)
    .max(50),
});

/** Forge refuses a push over 200 KB. */
const PUSH_MAX_BYTES = 200 * 1024;

export type Deliver = (queueName: string, event: Record<string, unknown>) => Promise<unknown>;

export class LocalQueue {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  readonly failures: { readonly queueName: string; readonly error: unknown }[] = [];
  delivered = 0;

  constructor(private readonly deliver: Deliver) {}

  /** `POST /webhook/queue/publish/…`: 201, or Forge's refusal. */
  publish(body: string | undefined): { status: number; body: unknown } {
    if (Buffer.byteLength(body ?? '') > PUSH_MAX_BYTES) {
      return { status: 413, body: { errorMessage: 'The events are larger than 200 KB.' } };
    }
    let parsed: z.infer<typeof publishSchema>;
    try {
      parsed = publishSchema.parse(JSON.parse(body ?? ''));
    } catch (e) {
      return {
        status: 400,
        body: { errorMessage: e instanceof Error ? e.message.slice(0, 300) : 'Bad request' },
      };
    }
    parsed.payload.forEach((event, index) => {
      const chainKey = event.concurrency?.key ?? randomUUID();
      const previous = this.chains.get(chainKey) ?? Promise.resolve();
      const run = previous.then(async () => {
        // Delivered after the pushing call has answered, as Forge does.
        await new Promise<void>((resolve) => setTimeout(resolve, (event.delayInSeconds ?? 0) * 1000));
        try {
          await this.deliver(parsed.queueName, {
            body: event.body,
            queueName: parsed.queueName,
            jobId: parsed.jobId,
            eventId: `${parsed.jobId}#${index}`,
          });
          this.delivered++;
        } catch (error) {
          this.failures.push({ queueName: parsed.queueName, error });
          process.stderr.write(
            `Flow Ledger (local queue ${parsed.queueName}): ${error instanceof Error ? error.message : String(error)}\n`,
          );
        }
      });
      this.chains.set(chainKey, run);
      this.pending.add(run);
      void run.finally(() => {
        this.pending.delete(run);
        if (this.chains.get(chainKey) === run) this.chains.delete(chainKey);
      });
    });
    return { status: 201, body: {} };
  }

  /** Resolves once every event pushed so far, and every event they pushed, has been handled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
