import api, { assumeTrustedRoute } from '@forge/api';
import type { JiraHttpRequest, JiraHttpResponse, JiraTransport } from './http';

/**
 * Requests Jira as the user who invoked the resolver, so Jira applies that user's permissions to
 * every read and write. Paths come from `jiraPath`, which has encoded every parameter, hence
 * `assumeTrustedRoute` rather than `route`.
 * @see https://developer.atlassian.com/platform/forge/apis-reference/product-rest-api-reference/
 */
export const forgeUserTransport: JiraTransport = async (
  request: JiraHttpRequest,
  signal: AbortSignal,
): Promise<JiraHttpResponse> => {
  // @forge/api hands `init` to the runtime's fetch as it is, signal included.
  const response = await api.asUser().requestJira(assumeTrustedRoute(request.path), {
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
};
