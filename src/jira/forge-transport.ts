import api, { assumeTrustedRoute } from '@forge/api';
import type { JiraHttpRequest, JiraHttpResponse, JiraTransport } from './http';

/**
 * Requests Jira as the user who invoked the resolver, so Jira applies that user's permissions to
 * every read and write. Paths come from `jiraPath`, which has encoded every parameter, hence
 * `assumeTrustedRoute` rather than `route`.
 * @see https://developer.atlassian.com/platform/forge/apis-reference/product-rest-api-reference/
 */
export const forgeUserTransport: JiraTransport = (request, signal) => send(api.asUser(), request, signal);

/**
 * Requests Jira as the app itself, for what runs with no user (the daily refresh of agreements):
 * it sees what the app may see, so what it learns must never reach a person except through that
 * person's own reads.
 */
export const forgeAppTransport: JiraTransport = (request, signal) => send(api.asApp(), request, signal);

async function send(
  as: Pick<ReturnType<typeof api.asApp>, 'requestJira'>,
  request: JiraHttpRequest,
  signal: AbortSignal,
): Promise<JiraHttpResponse> {
  // @forge/api hands `init` to the runtime's fetch as it is, signal included.
  const response = await as.requestJira(assumeTrustedRoute(request.path), {
    method: request.method,
    signal,
    headers: {
      Accept: 'application/json',
      ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, header: (name) => response.headers.get(name), text };
}
