import { JastBuilder, type Clause, type Operand, type TerminalClause } from '@atlaskit/jql-ast';
import { dateFunction, parseJqlDate } from './jql-dates';
import { JqlError, parseKey, type JqlEnvironment, type JqlIssue } from './jql-model';
import { compileOrder } from './jql-order';

/**
 * JQL for the emulator: parsed with Atlassian's own grammar (@atlaskit/jql-ast), then compiled to a
 * predicate and an order over the emulator's issues. It evaluates the fields the app and its users
 * search by; anything else is refused with the error Jira itself gives, so a query that works here
 * is one Jira understands.
 */

export interface CompiledJql {
  readonly matches: (issue: JqlIssue) => boolean;
  readonly compare: (a: JqlIssue, b: JqlIssue) => number;
}

type Predicate = (issue: JqlIssue) => boolean;
type Scalar = string | number | null;

const CATEGORY_NAMES: Record<string, 'new' | 'indeterminate' | 'done'> = {
  new: 'new',
  'to do': 'new',
  '2': 'new',
  indeterminate: 'indeterminate',
  'in progress': 'indeterminate',
  '4': 'indeterminate',
  done: 'done',
  complete: 'done',
  '3': 'done',
};

export function compileJql(jql: string, env: JqlEnvironment): CompiledJql {
  const jast = new JastBuilder().build(jql);
  const firstError = jast.errors[0];
  if (firstError !== undefined) throw new JqlError(`Error in the JQL Query: ${firstError.message}`);
  const query = jast.query;
  if (!query?.where) {
    // Enhanced search refuses queries without a search restriction (docs/jira.md).
    throw new JqlError(
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    );
  }
  const matches = compileClause(query.where, env);
  const orderFields = query.orderBy ? query.orderBy.fields : [];
  return { matches, compare: compileOrder(orderFields, env) };
}

function compileClause(clause: Clause, env: JqlEnvironment): Predicate {
  switch (clause.clauseType) {
    case 'compound': {
      const parts = clause.clauses.map((c) => compileClause(c, env));
      return clause.operator.value === 'and'
        ? (issue) => parts.every((p) => p(issue))
        : (issue) => parts.some((p) => p(issue));
    }
    case 'not': {
      const inner = compileClause(clause.clause, env);
      return (issue) => !inner(issue);
    }
    case 'terminal':
      return compileTerminal(clause, env);
  }
}

interface FieldSpec {
  kind: 'set' | 'date' | 'number' | 'text' | 'key';
  /** The issue's values for the field; empty when the field is empty. */
  values: (issue: JqlIssue) => readonly Scalar[];
  /** Normalises an operand for comparison with `values`; throws JqlError for unknown values. */
  operand?: (text: string) => readonly Scalar[];
}

function lower(s: string): string {
  return s.trim().toLowerCase();
}

function fieldSpec(clause: TerminalClause, env: JqlEnvironment): FieldSpec {
  const name = clause.field.value;
  const n = name.toLowerCase();
  const known =
    (field: string, list: readonly { id: string; name: string; key?: string }[]) => (text: string) => {
      const t = lower(text);
      const hits = list.filter(
        (x) => x.id === text.trim() || lower(x.name) === t || (x.key !== undefined && lower(x.key) === t),
      );
      if (hits.length === 0)
        throw new JqlError(`The value '${text}' does not exist for the field '${field}'.`);
      return hits.map((h) => h.id);
    };
  switch (n) {
    case 'project':
      return { kind: 'set', values: (i) => [i.project.id], operand: known('project', env.projects) };
    case 'issuetype':
    case 'type':
      return { kind: 'set', values: (i) => [i.issueType.id], operand: known(name, env.issueTypes) };
    case 'status':
      return { kind: 'set', values: (i) => [i.status.id], operand: known('status', env.statuses) };
    case 'statuscategory':
      return {
        kind: 'set',
        values: (i) => (i.statusCategory === null ? [] : [i.statusCategory]),
        operand: (text) => {
          const c = CATEGORY_NAMES[lower(text)];
          if (c === undefined)
            throw new JqlError(`The value '${text}' does not exist for the field 'statusCategory'.`);
          return [c];
        },
      };
    case 'labels':
      return { kind: 'set', values: (i) => i.labels.map(lower), operand: (t) => [lower(t)] };
    case 'resolution':
      return {
        kind: 'set',
        values: (i) => (i.resolution === null ? [] : [lower(i.resolution)]),
        operand: (t) => (lower(t) === 'unresolved' ? [null] : [lower(t)]),
      };
    case 'parent':
      return {
        kind: 'set',
        values: (i) => (i.parent === null ? [] : [i.parent.key.toUpperCase(), i.parent.id]),
        operand: (t) => [t.trim().toUpperCase()],
      };
    case 'key':
    case 'issuekey':
    case 'id':
    case 'issue':
      return {
        kind: 'key',
        values: (i) => [i.key.toUpperCase(), String(i.id)],
        operand: (t) => [t.trim().toUpperCase()],
      };
    case 'created':
    case 'createddate':
      return { kind: 'date', values: (i) => [i.created] };
    case 'updated':
    case 'updateddate':
      return { kind: 'date', values: (i) => [i.updated] };
    case 'resolved':
    case 'resolutiondate':
      return { kind: 'date', values: (i) => (i.resolved === null ? [] : [i.resolved]) };
    case 'summary':
    case 'text':
      return { kind: 'text', values: (i) => [i.summary] };
    default:
      return propertySpec(clause, env);
  }
}

/** `issue.property[key].path` and the search aliases of indexed properties. */
function propertySpec(clause: TerminalClause, env: JqlEnvironment): FieldSpec {
  const name = clause.field.value;
  let propertyKey: string | undefined;
  let path: string | undefined;
  if (name.toLowerCase() === 'issue.property') {
    const property = clause.field.properties ? clause.field.properties[0] : undefined;
    propertyKey = property?.key ? property.key.value : undefined;
    path = property?.path ? property.path.map((p) => p.value.replace(/^\./, '')).join('.') : undefined;
  } else {
    for (const [key, paths] of env.indexedProperties) {
      const hit = paths.find((p) => p.searchAlias.toLowerCase() === name.toLowerCase());
      if (hit !== undefined) {
        propertyKey = key;
        path = hit.path;
      }
    }
  }
  if (propertyKey === undefined || path === undefined) {
    throw new JqlError(`Field '${name}' does not exist or you do not have permission to view it.`);
  }
  const indexed = env.indexedProperties.get(propertyKey)?.find((p) => p.path === path);
  // Jira searches only what an installed app indexes; an unindexed property matches nothing.
  if (indexed === undefined) return { kind: 'set', values: () => [], operand: (t) => [t] };
  const read = (issue: JqlIssue): unknown => {
    let v: unknown = issue.property(propertyKey);
    for (const step of path.split('.')) {
      v =
        typeof v === 'object' && v !== null && !Array.isArray(v)
          ? Object.getOwnPropertyDescriptor(v, step)?.value
          : undefined;
    }
    return v;
  };
  // A path may name an array: Jira indexes each element, of the declared type ("the objectName can
  // refer to an array type, where the type ... should be the type of each element").
  const elements = (issue: JqlIssue): unknown[] => {
    const v = read(issue);
    return Array.isArray(v) ? v : [v];
  };
  if (indexed.type === 'date') {
    return {
      kind: 'date',
      values: (i) =>
        elements(i).flatMap((v) => {
          const t = typeof v === 'string' ? parseJqlDate(v, 0) : null;
          return t === null ? [] : [t];
        }),
    };
  }
  if (indexed.type === 'number') {
    return {
      kind: 'number',
      values: (i) => elements(i).filter((v): v is number => typeof v === 'number'),
    };
  }
  return {
    kind: 'set',
    values: (i) =>
      elements(i).flatMap((v) => (typeof v === 'string' ? [indexed.type === 'text' ? v : lower(v)] : [])),
    operand: (t) => [lower(t)],
  };
}

function operandTexts(operand: Operand): string[] {
  switch (operand.operandType) {
    case 'value':
      return [operand.value];
    case 'list':
      return operand.values.flatMap(operandTexts);
    case 'keyword':
      return [];
    case 'function':
      throw new JqlError(
        `Function '${operand.function.value}' is not supported by the emulator for this field.`,
      );
  }
}

function compileTerminal(clause: TerminalClause, env: JqlEnvironment): Predicate {
  const operator = clause.operator ? clause.operator.value : undefined;
  const operand = clause.operand ?? undefined;
  if (operator === undefined || operand === undefined)
    throw new JqlError(`Error in the JQL Query: incomplete clause for '${clause.field.value}'.`);
  if (operator.startsWith('was') || operator === 'changed') {
    throw new JqlError(
      `The '${operator.toUpperCase()}' operator needs issue history search, which the emulator does not offer.`,
    );
  }
  const spec = fieldSpec(clause, env);

  if (operator === 'is' || operator === 'is not') {
    if (
      operand.operandType !== 'keyword' &&
      !(operand.operandType === 'value' && lower(operand.value) === 'null')
    ) {
      throw new JqlError(`The operator '${operator.toUpperCase()}' can only be used with EMPTY or NULL.`);
    }
    const empty: Predicate = (i) => spec.values(i).length === 0;
    return operator === 'is' ? empty : (i) => !empty(i);
  }

  if (spec.kind === 'text') {
    if (operator !== '~' && operator !== '!~')
      throw new JqlError(`The operator '${operator}' is not supported by the '${clause.field.value}' field.`);
    const words = operandTexts(operand)
      .join(' ')
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== '');
    const contains: Predicate = (i) =>
      spec.values(i).some((v) => typeof v === 'string' && words.every((w) => v.toLowerCase().includes(w)));
    return operator === '~' ? contains : (i) => !contains(i);
  }

  if (spec.kind === 'date') {
    const instants = dateOperands(operand, env.now);
    const cmp = comparison(operator, clause.field.value);
    return (i) => {
      const values = spec.values(i);
      if (values.length === 0) return false;
      return values.some((v) => typeof v === 'number' && cmp(v, instants));
    };
  }

  if (spec.kind === 'number') {
    const targets = operandTexts(operand).map((t) => {
      const n = Number(t);
      if (t.trim() === '' || !Number.isFinite(n))
        throw new JqlError(`The value '${t}' is not a number, as the field '${clause.field.value}' needs.`);
      return n;
    });
    const cmp = comparison(operator, clause.field.value);
    return (i) => spec.values(i).some((v) => typeof v === 'number' && cmp(v, targets));
  }

  if (spec.kind === 'key' && ['<', '<=', '>', '>='].includes(operator)) {
    const [target] = operandTexts(operand);
    const t = parseKey(target ?? '');
    if (t === null)
      throw new JqlError(`The issue key '${target ?? ''}' for field '${clause.field.value}' is invalid.`);
    const cmp = comparison(operator, clause.field.value);
    return (i) => {
      const k = parseKey(i.key);
      return k !== null && k.project === t.project && cmp(k.number, [t.number]);
    };
  }

  const wanted = new Set(operandTexts(operand).flatMap((t) => (spec.operand ? spec.operand(t) : [t])));
  const includesEmpty = wanted.has(null) || operand.operandType === 'keyword';
  const has: Predicate = (i) => {
    const values = spec.values(i);
    if (values.length === 0) return includesEmpty;
    return values.some((v) => wanted.has(v));
  };
  switch (operator) {
    case '=':
    case 'in':
      return has;
    case '!=':
    case 'not in':
      // As in Jira, a negation does not match an empty field.
      return (i) => spec.values(i).length > 0 && !has(i);
    default:
      throw new JqlError(`The operator '${operator}' is not supported by the '${clause.field.value}' field.`);
  }
}

function comparison(operator: string, field: string): (value: number, targets: readonly number[]) => boolean {
  switch (operator) {
    case '=':
    case 'in':
      return (v, ts) => ts.includes(v);
    case '!=':
    case 'not in':
      return (v, ts) => !ts.includes(v);
    case '<':
      return (v, ts) => ts.some((t) => v < t);
    case '<=':
      return (v, ts) => ts.some((t) => v <= t);
    case '>':
      return (v, ts) => ts.some((t) => v > t);
    case '>=':
      return (v, ts) => ts.some((t) => v >= t);
    default:
      throw new JqlError(`The operator '${operator}' is not supported by the '${field}' field.`);
  }
}

function dateOperands(operand: Operand, now: number): number[] {
  if (operand.operandType === 'list') return operand.values.flatMap((o) => dateOperands(o, now));
  if (operand.operandType === 'keyword') return [];
  if (operand.operandType === 'function')
    return [
      dateFunction(
        operand.function.value,
        operand.arguments.map((a) => a.value),
        now,
      ),
    ];
  const t = parseJqlDate(operand.value, now);
  if (t === null) {
    throw new JqlError(
      `Date value '${operand.value}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
    );
  }
  return [t];
}
