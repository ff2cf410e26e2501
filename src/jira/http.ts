/**
 * The one port through which the app talks to Jira: a request with an already-encoded path and a
 * JSON body, answered by status, headers and text. It runs over `@forge/api` inside Forge
 * (`forge-transport.ts`) and over `fetch` with an API token off Forge (`fetch-transport.ts`), so
 * everything above it is the same code in both.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface JiraHttpRequest {
  readonly method: HttpMethod;
  /** Path and query, each parameter already encoded, e.g. `/rest/api/3/project/ABC`. */
  readonly path: string;
  readonly body?: unknown;
  /**
   * The request is not idempotent (a create): sent again after a 5xx or no answer, Jira may do it
   * twice, since it may have done it the first time. Only a 429 (refused, not done) is retried.
   */
  readonly notIdempotent?: boolean;
}

export interface JiraHttpResponse {
  readonly status: number;
  header(name: string): string | null;
  readonly text: string;
}

/**
 * Sends one request. The signal aborts when the request is no longer wanted (its time ran out, or
 * the load it belonged to failed); a transport should stop then, and the client stops waiting
 * whether it does or not.
 */
export type JiraTransport = (request: JiraHttpRequest, signal: AbortSignal) => Promise<JiraHttpResponse>;

/**
 * Builds a REST path from a template, encoding every parameter: `/` and `?` in a key cannot reach
 * another endpoint. (Forge's own `route` refuses such parameters instead of encoding them.)
 */
export function jiraPath(template: TemplateStringsArray, ...params: (string | number)[]): string {
  return template.reduce(
    (path, part, i) => path + part + (i < params.length ? encodeURIComponent(String(params[i])) : ''),
    '',
  );
}

/** Appends a query string; undefined values are left out, arrays are joined with commas. */
export function withQuery(
  path: string,
  query: Record<string, string | number | boolean | readonly string[] | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    search.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = search.toString();
  return s === '' ? path : `${path}?${s}`;
}
