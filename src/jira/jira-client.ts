import type { z } from 'zod';
import { DomainError, errorMessage, type ErrorCode } from '../domain/errors';
import type { JiraHttpRequest, JiraHttpResponse, JiraTransport } from './http';

/** A Jira failure, already translated into the app's closed set of codes (docs/architecture.md). */
export class JiraError extends DomainError {
  /** A request that is not idempotent may have been done: Jira did not say either way. */
  readonly unconfirmed: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number | null,
    options: { readonly unconfirmed?: boolean } = {},
  ) {
    super(code, message);
    this.name = 'JiraError';
    this.unconfirmed = options.unconfirmed ?? false;
  }
}

export interface JiraClientOptions {
  /** The instant by which every request must have finished (a resolver has 25 s). */
  readonly deadline: number;
  /** Requests in flight at once. */
  readonly concurrency?: number;
  readonly maxAttempts?: number;
  /**
   * The longest one attempt may take, within the time left (default: all of it). The CLI, whose
   * deadline is minutes away, gives up on a request that hangs sooner and tries it again.
   */
  readonly maxAttemptMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

/** Counts kept per client, for tests and benchmarks: what a page load cost. */
export interface JiraClientStats {
  requests: number;
  retries: number;
  readonly byEndpoint: Map<string, number>;
}

/** The requests of every client of this process that wait for an answer now, by name. */
const inFlight = new Map<string, number>();

/** What this process waits on Jira for: the CLI names it if it stops before an answer. */
export function requestsInFlight(): string[] {
  return [...inFlight.keys()];
}

// Jira Cloud answers 429 under its rate limits and 5xx when a node is briefly unwell; both pass.
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** At most `limit` tasks at once; a waiter whose signal aborts leaves the queue. */
class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          signal.removeEventListener('abort', leave);
          resolve();
        };
        const leave = (): void => {
          const i = this.waiting.indexOf(wake);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new AbortedError());
        };
        if (signal.aborted) {
          leave();
          return;
        }
        signal.addEventListener('abort', leave, { once: true });
        this.waiting.push(wake);
      });
    }
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** The load this request belonged to was given up; nobody waits for its answer. */
class AbortedError extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Waits `ms`, or less if the signal aborts first. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The transport's answer, or a rejection as soon as the signal aborts, whichever comes first. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  // The transport may ignore the signal; its late answer or failure then goes nowhere, quietly.
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(new AbortedError());
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      reject(new AbortedError());
    };
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** What one client shares with the scoped clients made from it. */
interface Shared {
  readonly slots: Slots;
  readonly stats: JiraClientStats;
}

/**
 * Sends requests through a transport with bounded concurrency, retries 429 and 5xx (honouring
 * `Retry-After`, else exponential backoff with full jitter) while the deadline allows, parses every
 * answer with a schema, and turns failures into coded `JiraError`s, never raw stack traces.
 *
 * The deadline holds: each attempt may take only the time left before it, and is abandoned when
 * that runs out, so a resolver answers in its own envelope before Forge stops it. `scoped(signal)`
 * gives a client for one load: aborting the signal cancels every request of that load, waiting or
 * in flight, so that a load that fails leaves nothing running behind it.
 * @see https://developer.atlassian.com/cloud/jira/platform/rate-limiting/
 */
export class JiraClient {
  readonly stats: JiraClientStats;
  private readonly shared: Shared;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly transport: JiraTransport,
    readonly options: JiraClientOptions,
    private readonly signal: AbortSignal = new AbortController().signal,
    shared?: Shared,
  ) {
    this.shared = shared ?? {
      slots: new Slots(Math.max(1, options.concurrency ?? 6)),
      stats: { requests: 0, retries: 0, byEndpoint: new Map() },
    };
    this.stats = this.shared.stats;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 8000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  /** A client for one load: the same deadline, concurrency and counts, cancelled with `signal`. */
  scoped(signal: AbortSignal): JiraClient {
    return new JiraClient(this.transport, this.options, AbortSignal.any([this.signal, signal]), this.shared);
  }

  /**
   * The same client with a deadline no later than `deadline`: for one part of an invocation that
   * must end before the rest (a write that holds a lease, one epic of the daily refresh).
   */
  within(deadline: number): JiraClient {
    const options = { ...this.options, deadline: Math.min(this.options.deadline, deadline) };
    return new JiraClient(this.transport, options, this.signal, this.shared);
  }

  /** The clock the deadline is measured on (the system's, or a test's virtual one). */
  clock(): number {
    return this.now();
  }

  /** Milliseconds left before the deadline; 0 when it has passed. */
  timeLeft(): number {
    return Math.max(0, this.options.deadline - this.now());
  }

  /** Sends and parses the JSON answer; any non-2xx status is an error. */
  async json<T>(request: JiraHttpRequest, schema: z.ZodType<T>): Promise<T> {
    const response = await this.send(request);
    return parseBody(request, response, schema);
  }

  /** As `json`, but a 404 is `null` rather than an error (an absent property, an invisible issue). */
  async jsonOrNull<T>(request: JiraHttpRequest, schema: z.ZodType<T>): Promise<T | null> {
    const response = await this.send(request, [404]);
    return response.status === 404 ? null : parseBody(request, response, schema);
  }

  /** Sends a request whose answer has no body worth reading (204 from an edit). */
  async noContent(request: JiraHttpRequest): Promise<void> {
    await this.send(request);
  }

  private async send(
    request: JiraHttpRequest,
    acceptedErrors: readonly number[] = [],
  ): Promise<JiraHttpResponse> {
    const endpoint = endpointOf(request);
    const named = requestName(request);
    for (let attempt = 1; ; attempt++) {
      if (this.signal.aborted) throw cancelled(named);
      const left = this.options.deadline - this.now();
      if (left <= 0) throw new JiraError('JIRA_UNAVAILABLE', `No time left to ask Jira for ${named}`, null);
      let response: JiraHttpResponse | null = null;
      let failure: string | null = null;
      // The attempt may use the time left and no more; the load's signal cancels it as well. The
      // timer is a real one that keeps Node running (AbortSignal.timeout's does not): a fetch whose
      // connection was reset can stay pending with nothing else left to run, and the CLI then
      // ended, exit 0, with nothing printed, instead of giving the attempt up.
      const allowed = Math.max(1, Math.min(left, this.options.maxAttemptMs ?? left));
      const timeout = new AbortController();
      const timer = setTimeout(() => {
        timeout.abort();
      }, allowed);
      const attemptSignal = AbortSignal.any([this.signal, timeout.signal]);
      try {
        response = await this.shared.slots.run(attemptSignal, () => {
          this.stats.requests++;
          this.stats.byEndpoint.set(endpoint, (this.stats.byEndpoint.get(endpoint) ?? 0) + 1);
          inFlight.set(named, (inFlight.get(named) ?? 0) + 1);
          const answer = this.transport(request, attemptSignal);
          const done = (): void => {
            const n = (inFlight.get(named) ?? 1) - 1;
            if (n > 0) inFlight.set(named, n);
            else inFlight.delete(named);
          };
          // Counted while this client waits for it: an attempt given up is no longer waited for.
          const waited = untilAborted(answer, attemptSignal);
          waited.then(done, done);
          return waited;
        });
      } catch (e) {
        // Read again: the load may have been given up while this attempt waited.
        if (isAborted(this.signal)) throw cancelled(named);
        if (timeout.signal.aborted && allowed >= left) {
          throw new JiraError(
            'JIRA_UNAVAILABLE',
            `Jira did not answer ${named} in the time left (${formatSeconds(left)})`,
            null,
            { unconfirmed: request.notIdempotent === true },
          );
        }
        failure = timeout.signal.aborted ? `no answer in ${formatSeconds(allowed)}` : errorMessage(e);
      } finally {
        clearTimeout(timer);
      }
      if (response !== null && !RETRYABLE.has(response.status)) {
        if ((response.status >= 200 && response.status < 300) || acceptedErrors.includes(response.status))
          return response;
        throw errorFor(named, response);
      }
      const code: ErrorCode = response?.status === 429 ? 'RATE_LIMITED' : 'JIRA_UNAVAILABLE';
      const why = response !== null ? `HTTP ${response.status}` : `no answer (${failure ?? 'network error'})`;
      if (request.notIdempotent === true && response?.status !== 429)
        throw new JiraError(
          'JIRA_UNAVAILABLE',
          `Jira did not confirm ${named} (${why}); it may have been done: look before asking again`,
          response?.status ?? null,
          { unconfirmed: true },
        );
      const delay = response !== null ? this.delayFor(response, attempt) : this.backoff(attempt);
      if (attempt >= this.maxAttempts || this.now() + delay >= this.options.deadline) {
        throw new JiraError(
          code,
          code === 'RATE_LIMITED'
            ? `Jira is rate limiting requests (${named}${rateLimitReason(response)}); try again in a moment`
            : `Jira did not answer ${named} (${why}) after ${attempt} attempt${attempt === 1 ? '' : 's'}`,
          response?.status ?? null,
        );
      }
      this.stats.retries++;
      await this.sleep(delay, this.signal);
    }
  }

  /** `Retry-After` (seconds or an HTTP date) for a 429 or 503 when Jira sends it, else backoff. */
  private delayFor(response: JiraHttpResponse, attempt: number): number {
    const retryAfter = response.header('retry-after');
    if (retryAfter !== null) {
      const seconds = Number(retryAfter);
      const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - this.now();
      // A little jitter so that parallel requests told the same moment do not return together.
      if (Number.isFinite(ms) && ms >= 0) return ms + this.random() * this.baseDelayMs;
    }
    return this.backoff(attempt);
  }

  private backoff(attempt: number): number {
    return this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
  }
}

function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

function cancelled(named: string): JiraError {
  return new JiraError(
    'JIRA_UNAVAILABLE',
    `The request ${named} was cancelled: the load it was part of failed`,
    null,
  );
}

function formatSeconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Jira says which limit a 429 met (`RateLimit-Reason`: a burst, a per-issue write limit, the
 * hourly points quota); the person deciding whether to retry should know.
 */
function rateLimitReason(response: JiraHttpResponse | null): string {
  const reason = response?.header('ratelimit-reason') ?? response?.header('x-ratelimit-reason') ?? null;
  return reason === null ? '' : `, ${reason.slice(0, 80)}`;
}

/** `GET /rest/api/3/issue/ABC-1/properties/x` → `GET /rest/api/3/issue/{}/properties/{}`, for counts. */
function endpointOf(request: JiraHttpRequest): string {
  const path = request.path.split('?')[0] ?? request.path;
  return `${request.method} ${path.replace(/\/(issue|project|properties)\/[^/]+/g, '/$1/{}')}`;
}

/** The request as a person can find it again: method and path, without the query, at most 200 characters. */
function requestName(request: JiraHttpRequest): string {
  const path = request.path.split('?')[0] ?? request.path;
  return `${request.method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path}`;
}

function parseBody<T>(request: JiraHttpRequest, response: JiraHttpResponse, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = response.text === '' ? undefined : (JSON.parse(response.text) as unknown);
  } catch {
    throw new JiraError(
      'JIRA_UNAVAILABLE',
      `Jira answered ${requestName(request)} with something that is not JSON`,
      response.status,
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where =
      first === undefined ? '' : ` at ${first.path.map(String).join('.') || '(root)'}: ${first.message}`;
    throw new JiraError(
      'JIRA_UNAVAILABLE',
      `Jira answered ${requestName(request)} with an unexpected shape${where}`,
      response.status,
    );
  }
  return parsed.data;
}

/** Jira's error body: `{ errorMessages: [...], errors: { field: message } }`. */
function jiraMessages(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null) return '';
    const messages: string[] = [];
    if ('errorMessages' in body && Array.isArray(body.errorMessages)) {
      for (const m of body.errorMessages) if (typeof m === 'string') messages.push(m);
    }
    if ('errors' in body && typeof body.errors === 'object' && body.errors !== null) {
      for (const [field, m] of Object.entries(body.errors))
        if (typeof m === 'string') messages.push(`${field}: ${m}`);
    }
    if ('message' in body && typeof body.message === 'string') messages.push(body.message);
    return messages.join('; ').slice(0, 500);
  } catch {
    return '';
  }
}

function errorFor(endpoint: string, response: JiraHttpResponse): JiraError {
  const detail = jiraMessages(response.text);
  const suffix = detail === '' ? '' : `: ${detail}`;
  switch (response.status) {
    case 400:
      return new JiraError('INVALID_INPUT', `Jira refused ${endpoint}${suffix}`, 400);
    case 401:
      return new JiraError('NOT_PERMITTED', `Jira did not accept the credentials${suffix}`, 401);
    case 403:
      return new JiraError('NOT_PERMITTED', `Jira does not allow this${suffix}`, 403);
    case 404:
      return new JiraError('NOT_FOUND', `Not found, or not visible to you${suffix}`, 404);
    case 409:
      return new JiraError('CONFLICT', `Jira reported a conflicting change${suffix}`, 409);
    case 413:
      return new JiraError('TOO_LARGE', `Jira refused a request that is too large${suffix}`, 413);
    default:
      return new JiraError(
        response.status >= 500 ? 'JIRA_UNAVAILABLE' : 'INTERNAL',
        `Jira answered ${endpoint} with HTTP ${response.status}${suffix}`,
        response.status,
      );
  }
}
