import type { OrderByField } from '@atlaskit/jql-ast';
import { JqlError, parseKey, type JqlEnvironment, type JqlIssue } from './jql-model';

/** ORDER BY as a comparison; ties, and a query without one, fall back to the id. */
export function compileOrder(
  fields: readonly OrderByField[],
  env: JqlEnvironment,
): (a: JqlIssue, b: JqlIssue) => number {
  const keys = fields.map((f) => {
    const dir = f.direction && f.direction.value.toUpperCase() === 'DESC' ? -1 : 1;
    const by = orderValue(f.field.value, env);
    return (a: JqlIssue, b: JqlIssue): number => dir * compareValues(by(a), by(b));
  });
  // Ties (and queries without ORDER BY) fall back to the issue id, for repeatable paging.
  return (a, b) => {
    for (const k of keys) {
      const r = k(a, b);
      if (r !== 0) return r;
    }
    return a.id - b.id;
  };
}

function orderValue(field: string, env: JqlEnvironment): (issue: JqlIssue) => string | number | null {
  // An indexed property sorts by its alias, as Jira lets it; dates are ISO text and sort as such.
  for (const [key, paths] of env.indexedProperties) {
    const hit = paths.find((p) => p.searchAlias.toLowerCase() === field.toLowerCase());
    if (hit === undefined) continue;
    return (i) => {
      let v: unknown = i.property(key);
      for (const step of hit.path.split('.'))
        v = typeof v === 'object' && v !== null ? Object.getOwnPropertyDescriptor(v, step)?.value : undefined;
      return typeof v === 'number' ? v : typeof v === 'string' ? v.toLowerCase() : null;
    };
  }
  switch (field.toLowerCase()) {
    case 'key':
    case 'issuekey': {
      return (i) => {
        const k = parseKey(i.key);
        return k === null ? i.key : `${k.project}-${String(k.number).padStart(12, '0')}`;
      };
    }
    case 'id':
      return (i) => i.id;
    case 'created':
      return (i) => i.created;
    case 'updated':
      return (i) => i.updated;
    case 'resolved':
    case 'resolutiondate':
      return (i) => i.resolved;
    case 'status':
      return (i) => i.status.name.toLowerCase();
    case 'issuetype':
    case 'type':
      return (i) => i.issueType.name.toLowerCase();
    case 'project':
      return (i) => i.project.key;
    case 'summary':
      return (i) => i.summary.toLowerCase();
    default:
      throw new JqlError(`Not able to sort using field '${field}'.`);
  }
}

function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1; // empty values sort last
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
