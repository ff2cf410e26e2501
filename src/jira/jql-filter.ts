import { JastBuilder, type Clause } from '@atlaskit/jql-ast';
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

/**
 * Fields that name a space or a work item (whose key holds its space's key). A value stream's
 * filter is shown to every reader of the stream, some of whom may not see all of its spaces, and
 * it runs inside each space's own search anyway (`project = <id> AND (filter)`), so these have
 * nothing to narrow there and could only say what a reader is not to see.
 */
const NAMING_FIELDS = new Set([
  'project',
  'key',
  'issuekey',
  'issue',
  'id',
  'parent',
  'parentepic',
  'epic link',
]);

function fieldsOf(clause: Clause): string[] {
  switch (clause.clauseType) {
    case 'terminal':
      return [clause.field.value.toLowerCase()];
    case 'compound':
      return clause.clauses.flatMap(fieldsOf);
    case 'not':
      return fieldsOf(clause.clause);
  }
}

/** A value stream's filter: a gadget's filter (`checkFilterJql`) that names no space or work item. */
export function checkStreamFilterJql(text: string): string {
  const jql = checkFilterJql(text);
  // `checkFilterJql` has made sure the query parses and restricts something.
  const where = new JastBuilder().build(jql).query?.where;
  const naming = (where ? fieldsOf(where) : []).filter((f) => NAMING_FIELDS.has(f));
  if (naming.length > 0) {
    const why = `it names spaces or work items (${[...new Set(naming)].join(', ')}); a stream's filter is shown to everyone who reads the stream. Choose the stream's spaces instead, and narrow by labels, components or work types`;
    throw new DomainError('INVALID_INPUT', `The filter is not usable: ${why}.`, { filter: why });
  }
  return jql;
}
