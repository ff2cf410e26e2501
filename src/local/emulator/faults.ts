import { seededRandom } from '../../domain/random';
import { ScriptedFaults } from '../scripted-faults';
import { json, type EmulatorResponse } from './protocol';
import { errorJson } from './representations';
import { actorName, type Actor } from './users';

export interface InjectedFault {
  /**
   * The status to answer; `hang` accepts the request and never answers it; `late` does what it
   * asks and holds the answer back `delayMs` (a write that lands on a slow node).
   */
  readonly status: number | 'hang' | 'late';
  /** Seconds, sent as `Retry-After`. */
  readonly retryAfter?: number;
  /** Sent as `RateLimit-Reason` with a 429 (e.g. `jira-quota-tenant-based`). */
  readonly rateLimitReason?: string;
  /** Only requests to this endpoint meet the fault, e.g. `POST /rest/api/3/search/jql`. */
  readonly endpoint?: string;
  /** How many matching requests pass before this one meets the fault. */
  readonly after?: number;
  /** Milliseconds to hold the faulty answer back: a slow node of a site. */
  readonly delayMs?: number;
}

/** A faulty answer, and how long to hold it back. */
export type Faulty = EmulatorResponse & { readonly delayMs: number };

function withDelay(delayMs: number, response: EmulatorResponse): Faulty {
  return { ...response, delayMs };
}

/** What a request meets before it is answered: a fault, a hang, a late answer, or nothing. */
export type FaultOutcome = Faulty | 'hang' | { readonly late: number } | null;

/**
 * The faults the emulator answers with: those a test injected, in order, then Jira's per-second
 * burst limit per caller, then random 5xx at the configured rate, repeatable by seed.
 */
export class FaultPlan {
  private readonly scripted = new ScriptedFaults<InjectedFault>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly random: () => number;

  constructor(
    private readonly options: {
      readonly rateLimit?: number | undefined;
      readonly failRate?: number | undefined;
      readonly seed?: number | undefined;
    },
  ) {
    this.random = seededRandom(options.seed ?? 20_130_301);
  }

  /** The next requests meet these faults, in order; one that names an endpoint waits for it. */
  inject(faults: readonly InjectedFault[]): void {
    this.scripted.add(faults);
  }

  clear(): void {
    this.scripted.clear();
  }

  /** What this request to `endpoint` meets. */
  next(actor: Actor, endpoint: string): FaultOutcome {
    const fault = this.scripted.next((f) => f.endpoint === undefined || f.endpoint === endpoint);
    if (fault !== null) {
      if (fault.status === 'hang') return 'hang';
      if (fault.status === 'late') return { late: fault.delayMs ?? 0 };
      return withDelay(
        fault.delayMs ?? 0,
        json(fault.status, errorJson(fault.status === 429 ? 'Rate limit exceeded.' : 'Injected failure.'), {
          ...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}),
          ...(fault.rateLimitReason !== undefined ? { 'ratelimit-reason': fault.rateLimitReason } : {}),
        }),
      );
    }
    const limit = this.options.rateLimit ?? 0;
    if (limit > 0) {
      const name = actorName(actor);
      const now = Date.now();
      const bucket = this.buckets.get(name) ?? { tokens: limit, at: now };
      bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) / 1000) * limit);
      bucket.at = now;
      this.buckets.set(name, bucket);
      if (bucket.tokens < 1) {
        const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / limit));
        // As Jira Cloud's per-second burst limit answers since the points-based limits of March 2026.
        return withDelay(
          0,
          json(429, errorJson('Rate limit exceeded.'), {
            'retry-after': String(wait),
            'ratelimit-reason': 'jira-burst-based',
            'x-ratelimit-limit': String(limit),
            'x-ratelimit-remaining': '0',
          }),
        );
      }
      bucket.tokens -= 1;
    }
    const failRate = this.options.failRate ?? 0;
    if (failRate > 0 && this.random() < failRate) {
      const statuses = [500, 502, 503];
      return withDelay(
        0,
        json(statuses[Math.floor(this.random() * statuses.length)] ?? 503, errorJson('Injected failure.')),
      );
    }
    return null;
  }
}
