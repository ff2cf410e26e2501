import type { z } from 'zod';
import { DomainError, errorMessage, type ErrorCode } from '../domain/errors';
import type { JiraHttpRequest, JiraHttpResponse, JiraTransport } from './http';

/** A Jira failure, already translated into the app's closed set of codes (DESIGN §2). */
export class JiraError extends DomainError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number | null,
  ) {
    super(code, message);
    this.name = 'JiraError';
  }
}

export interface JiraClientOptions {
  /** The instant by which every request must have finished (a resolver has 25 s). */
  readonly deadline: number;
  /** Requests in flight at once. */
  readonly concurrency?: number;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Counts kept per client, for tests and benchmarks: what a page load cost. */
export interface JiraClientStats {
  requests: number;
  retries: number;
  readonly byEndpoint: Map<string, number>;
}

// Jira Cloud answers 429 under its rate limits and 5xx when a node is briefly unwell; both pass.
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * Sends requests through a transport with bounded concurrency, retries 429 and 5xx (honouring
 * `Retry-After`, else exponential backoff with full jitter) while the deadline allows, parses every
 * answer with a schema, and turns failures into coded `JiraError`s, never raw stack traces.
 * @see https://developer.atlassian.com/cloud/jira/platform/rate-limiting/
 */
export class JiraClient {
  readonly stats: JiraClientStats = { requests: 0, retries: 0, byEndpoint: new Map() };
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly transport: JiraTransport,
    readonly options: JiraClientOptions,
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 6);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 8000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
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
    for (let attempt = 1; ; attempt++) {
      if (this.now() >= this.options.deadline) {
        throw new JiraError('JIRA_UNAVAILABLE', `No time left to ask Jira for ${endpoint}`, null);
      }
      let response: JiraHttpResponse | null = null;
      let failure: string | null = null;
      try {
        response = await this.withSlot(() => {
          this.stats.requests++;
          this.stats.byEndpoint.set(endpoint, (this.stats.byEndpoint.get(endpoint) ?? 0) + 1);
          return this.transport(request);
        });
      } catch (e) {
        failure = errorMessage(e);
      }
      if (response !== null && !RETRYABLE.has(response.status)) {
        if ((response.status >= 200 && response.status < 300) || acceptedErrors.includes(response.status))
          return response;
        throw errorFor(endpoint, response);
      }
      const code: ErrorCode = response?.status === 429 ? 'RATE_LIMITED' : 'JIRA_UNAVAILABLE';
      const why = response !== null ? `HTTP ${response.status}` : `no answer (${failure ?? 'network error'})`;
      const delay = response !== null ? this.delayFor(response, attempt) : this.backoff(attempt);
      if (attempt >= this.maxAttempts || this.now() + delay >= this.options.deadline) {
        throw new JiraError(
          code,
          code === 'RATE_LIMITED'
            ? `Jira is rate limiting requests (${endpoint}); try again in a moment`
            : `Jira did not answer ${endpoint} (${why}) after ${attempt} attempt${attempt === 1 ? '' : 's'}`,
          response?.status ?? null,
        );
      }
      this.stats.retries++;
      await this.sleep(delay);
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

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** `GET /rest/api/3/issue/ABC-1/properties/x` → `GET /rest/api/3/issue/{}/properties/{}`, for messages and counts. */
function endpointOf(request: JiraHttpRequest): string {
  const path = request.path.split('?')[0] ?? request.path;
  return `${request.method} ${path.replace(/\/(issue|project|properties)\/[^/]+/g, '/$1/{}')}`;
}

function parseBody<T>(request: JiraHttpRequest, response: JiraHttpResponse, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = response.text === '' ? undefined : (JSON.parse(response.text) as unknown);
  } catch {
    throw new JiraError(
      'JIRA_UNAVAILABLE',
      `Jira answered ${endpointOf(request)} with something that is not JSON`,
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
      `Jira answered ${endpointOf(request)} with an unexpected shape${where}`,
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
