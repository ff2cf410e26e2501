import { JastBuilder } from '@atlaskit/jql-ast';
import { DomainError } from '../domain/errors';

/** As long as a gadget's filter may be: Jira's own saved filters are far shorter in practice. */
export const MAX_FILTER_LENGTH = 2000;

/**
 * A JQL filter that narrows a project's work items (a gadget's "only these"), checked with
 * Atlassian's own grammar before it is put inside the window's search: it must parse, hold a
 * search restriction, and leave the order to the app, which appends the filter as
 * `… AND (<filter>) ORDER BY key`. What it names (fields, values) only Jira can judge; a search it
 * refuses is reported as the filter's fault (see `filterRefused`).
 */
export function checkFilterJql(text: string): string {
  const jql = text.trim();
  const refuse = (why: string): never => {
    throw new DomainError('INVALID_INPUT', `The filter is not usable: ${why}`, { filter: why });
  };
  if (jql === '') refuse('it is empty');
  if (jql.length > MAX_FILTER_LENGTH) refuse(`it is longer than ${MAX_FILTER_LENGTH} characters`);
  const jast = new JastBuilder().build(jql);
  const first = jast.errors[0];
  if (first !== undefined) refuse(`it is not JQL (${first.message})`);
  if (jast.query?.orderBy !== undefined) refuse('it has an ORDER BY; leave the order out');
  if (jast.query?.where === undefined) refuse('it restricts nothing');
  return jql;
}

/** Jira refused the search the filter was part of (400): the filter named what Jira does not know. */
export function filterRefused(jql: string, jiraMessage: string): DomainError {
  const why = `Jira refused it: ${jiraMessage}`;
  return new DomainError('INVALID_INPUT', `The filter "${jql}" is not usable: ${why}`, { filter: why });
}
