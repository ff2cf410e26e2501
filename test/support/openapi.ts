import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { z } from 'zod';

/**
 * Validates emulator answers against the response schemas of Atlassian's own OpenAPI spec
 * (test/fixtures/openapi: the subset the emulator serves, extracted by tools/extract-openapi-subset.py).
 */
const SPEC = path.join(__dirname, '..', 'fixtures', 'openapi', 'jira-platform-v3-subset.json');

const spec: unknown = JSON.parse(readFileSync(SPEC, 'utf8'));
const operations = new Map<string, unknown>(
  Object.entries(
    z.object({ operations: z.record(z.string(), z.object({ response: z.unknown() })) }).parse(spec)
      .operations,
  ).map(([key, op]) => [key, op.response]),
);

// Where the spec and Jira's real answers disagree, the real answers win, with the evidence named:
// ChangeDetails types from/to and their strings as plain strings, but Jira Cloud sends null for an
// empty side (test/fixtures/jirametrics-sample/cloud-sp/SP-10.json: "from": null, "fromString": null).
const changeDetails = schemaNamed('ChangeDetails');
for (const k of ['from', 'fromString', 'to', 'toString']) {
  const property = changeDetails?.properties?.[k];
  if (property !== undefined) property.nullable = true;
}

function schemaNamed(name: string): { properties?: Record<string, Record<string, unknown>> } | undefined {
  if (typeof spec !== 'object' || spec === null || !('components' in spec)) return undefined;
  const components = spec.components;
  if (typeof components !== 'object' || components === null || !('schemas' in components)) return undefined;
  const schemas = components.schemas;
  if (typeof schemas !== 'object' || schemas === null) return undefined;
  const found: unknown = Object.getOwnPropertyDescriptor(schemas, name)?.value;
  return typeof found === 'object' && found !== null ? found : undefined;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// OpenAPI's numeric formats are sizes, not string formats.
for (const f of ['int32', 'int64', 'float', 'double'])
  ajv.addFormat(f, { type: 'number', validate: () => true });
const SPEC_ID = 'https://jira.local/platform-v3.json';
ajv.addSchema({ $id: SPEC_ID, ...(typeof spec === 'object' && spec !== null ? spec : {}) });

const compiled = new Map<string, ValidateFunction>();

/** Errors of `body` against the 200 response of `METHOD /path/{param}`; empty when it conforms. */
export function openApiErrors(operation: string, body: unknown): string[] {
  let validate = compiled.get(operation);
  if (validate === undefined) {
    const schema = operations.get(operation);
    if (schema === undefined) throw new Error(`no schema for ${operation}`);
    // Refs in the spec point into its own document.
    validate = ajv.compile({ $id: `https://jira.local/operations/${compiled.size}.json`, ...rebase(schema) });
    compiled.set(operation, validate);
  }
  return validate(body)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
}

function rebase(node: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(node).replace(/"#\/components\//g, `"${SPEC_ID}#/components/`)) as Record<
    string,
    unknown
  >;
}
