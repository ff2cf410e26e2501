import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { z } from 'zod';

/**
 * Validates emulator answers against the response schemas of Atlassian's own OpenAPI specs
 * (test/fixtures/openapi: the subsets the emulator serves, extracted by tools/extract-openapi-subset.py):
 * the platform's REST v3, and Jira Software's agile REST (`/rest/agile/1.0/...`).
 */
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'openapi');
const SPECS = [
  { file: 'jira-platform-v3-subset.json', id: 'https://jira.local/platform-v3.json' },
  { file: 'jira-software-subset.json', id: 'https://jira.local/software.json' },
];

const subsetSchema = z.object({
  operations: z.record(z.string(), z.object({ response: z.unknown() })),
});

interface LoadedSpec {
  readonly id: string;
  readonly spec: unknown;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// OpenAPI's numeric formats are sizes, not string formats.
for (const f of ['int32', 'int64', 'float', 'double'])
  ajv.addFormat(f, { type: 'number', validate: () => true });

/** Each operation's 200 response schema, with the spec it comes from. */
const operations = new Map<string, { readonly response: unknown; readonly spec: LoadedSpec }>();
for (const { file, id } of SPECS) {
  const spec: unknown = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));
  const loaded = { id, spec };
  patchSpec(spec);
  for (const [key, op] of Object.entries(subsetSchema.parse(spec).operations))
    operations.set(key, { response: op.response, spec: loaded });
  ajv.addSchema({ $id: id, ...(typeof spec === 'object' && spec !== null ? spec : {}) });
}

/**
 * Where a spec and Jira's real answers disagree, the real answers win, with the evidence named:
 * - ChangeDetails types from/to and their strings as plain strings, but Jira Cloud sends null for an
 *   empty side (test/fixtures/jirametrics-sample/cloud-sp/SP-10.json: "from": null, "fromString": null).
 * - Jira Software's board configuration gives `location` as `{type, projectKeyOrId}` only, but Jira
 *   Cloud answers `{type, key, id, self, name}` (test/fixtures/jirametrics-sample/complete_sample/
 *   sample_board_1_configuration.json, a real answer of GET /rest/agile/1.0/board/1/configuration).
 */
function patchSpec(spec: unknown): void {
  const changeDetails = schemaNamed(spec, 'ChangeDetails');
  for (const k of ['from', 'fromString', 'to', 'toString']) {
    const property = changeDetails?.properties?.[k];
    if (property !== undefined) property.nullable = true;
  }
  const location = schemaNamed(spec, 'BoardConfigBean')?.properties?.location;
  const configuration = operationResponse(spec, 'GET /rest/agile/1.0/board/{boardId}/configuration');
  for (const target of [location, configuration?.properties?.location]) {
    if (target === undefined) continue;
    const properties = z.record(z.string(), z.unknown()).catch({}).parse(target.properties);
    target.properties = {
      ...properties,
      key: { type: 'string' },
      id: { type: 'string' },
      self: { type: 'string', format: 'uri' },
      name: { type: 'string' },
    };
  }
}

type SchemaNode = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(node: unknown, key: string): SchemaNode | undefined {
  if (!isNode(node)) return undefined;
  const found: unknown = Object.getOwnPropertyDescriptor(node, key)?.value;
  return isNode(found) ? found : undefined;
}

function schemaNamed(spec: unknown, name: string): SchemaNode | undefined {
  return child(child(child(spec, 'components'), 'schemas'), name);
}

function operationResponse(spec: unknown, operation: string): SchemaNode | undefined {
  return child(child(child(spec, 'operations'), operation), 'response');
}

const compiled = new Map<string, ValidateFunction>();

/** Errors of `body` against the 200 response of `METHOD /path/{param}`; empty when it conforms. */
export function openApiErrors(operation: string, body: unknown): string[] {
  let validate = compiled.get(operation);
  if (validate === undefined) {
    const op = operations.get(operation);
    if (op === undefined) throw new Error(`no schema for ${operation}`);
    // Refs in the spec point into its own document.
    validate = ajv.compile({
      $id: `https://jira.local/operations/${compiled.size}.json`,
      ...rebase(op.response, op.spec.id),
    });
    compiled.set(operation, validate);
  }
  return validate(body)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
}

function rebase(node: unknown, specId: string): Record<string, unknown> {
  return z
    .record(z.string(), z.unknown())
    .parse(JSON.parse(JSON.stringify(node).replace(/"#\/components\//g, `"${specId}#/components/`)));
}
