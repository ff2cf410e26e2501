import type { JiraHttpRequest, JiraHttpResponse, JiraTransport } from './http';

export interface SiteCredentials {
  /** e.g. https://your-site.atlassian.net */
  readonly site: string;
  readonly email: string;
  readonly apiToken: string;
}

/**
 * Requests a Jira Cloud site (or the emulator) over HTTP with Basic `email:token`, as Atlassian's
 * API tokens work. With `allowWrites` false every PUT, DELETE and non-search POST is refused before
 * it leaves the machine.
 */
export function fetchTransport(
  credentials: SiteCredentials,
  options: { allowWrites?: boolean; fetch?: typeof fetch } = {},
): JiraTransport {
  const base = credentials.site.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${credentials.email}:${credentials.apiToken}`).toString('base64')}`;
  const doFetch = options.fetch ?? fetch;
  return async (request: JiraHttpRequest, signal: AbortSignal): Promise<JiraHttpResponse> => {
    if (options.allowWrites !== true && isWrite(request)) {
      return {
        status: 403,
        header: () => null,
        text: JSON.stringify({
          errorMessages: ['Writes are off: start with --allow-writes to let Flow Ledger change this site.'],
        }),
      };
    }
    const response = await doFetch(`${base}${request.path}`, {
      method: request.method,
      signal,
      headers: {
        Authorization: authorization,
        Accept: 'application/json',
        ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, header: (name) => response.headers.get(name), text };
  };
}

/** Reads that Jira happens to take as POST (JQL search, bulk changelogs, counts) are not writes. */
const READ_POSTS = [
  '/rest/api/3/search/jql',
  '/rest/api/3/search/approximate-count',
  '/rest/api/3/changelog/bulkfetch',
];

function isWrite(request: JiraHttpRequest): boolean {
  if (request.method === 'GET') return false;
  if (request.method === 'POST')
    return !READ_POSTS.some((p) => request.path === p || request.path.startsWith(`${p}?`));
  return true;
}
