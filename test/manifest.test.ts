import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProcessorBuilder, ValidationTypes } from '@forge/manifest';
import { z } from 'zod';
import { AGREEMENT_INDEX, AGREEMENT_PROPERTY_KEY, MAX_INDEXED_VALUES } from '../src/jira/agreement-index';
import { continueAgreementsRefresh, fillFactCache, refreshAgreementsDaily } from '../src/index';
import { REFRESH_QUEUE_KEY } from '../src/events/forge-refresh-queue';
import { FACT_QUEUE_KEY } from '../src/events/forge-fact-queue';
import { FLOW_LEDGER_APP } from '../src/local/forge/flow-ledger-app';
import { MODULES, RESOURCES } from '../src/local/preview/modules';
import { DRILL_DOWN_RESOURCE, MODAL_RESOURCES } from '../src/resources';
import { STORAGE_ENTITIES } from '../src/storage/entities';

/**
 * The manifest passes @forge/manifest's FULL validation offline (schema, display conditions,
 * resource folders, handler files, scopes, runtime). That validator does not catch a misspelt
 * module key, so the modules docs/architecture.md names are asserted too.
 */
const ROOT = path.join(__dirname, '..');

// Only the parts asserted below; the validator has checked the rest.
const manifestShape = z.looseObject({
  modules: z.record(
    z.string(),
    z.array(
      z.looseObject({
        key: z.string(),
        title: z.string().optional(),
        resource: z.string().optional(),
        displayConditions: z.unknown().optional(),
        edit: z.object({ resource: z.string() }).optional(),
        propertyKey: z.string().optional(),
        values: z
          .array(z.object({ path: z.string(), type: z.string(), searchAlias: z.string().optional() }))
          .optional(),
      }),
    ),
  ),
  permissions: z.looseObject({ scopes: z.array(z.string()) }),
  app: z.looseObject({ runtime: z.object({ name: z.string() }) }),
});
type Manifest = z.infer<typeof manifestShape>;

async function validate(): Promise<{
  success: boolean;
  errors: { message: string; level: string }[];
  manifest: Manifest;
}> {
  const result = await ProcessorBuilder.instance()
    .withValidation(ValidationTypes.FULL)
    .build()
    .process(path.join(ROOT, 'manifest.yml'));
  return {
    success: result.success,
    errors: (result.errors ?? []).map((e) => ({ message: e.message, level: e.level })),
    manifest: manifestShape.parse(result.manifestObject?.typedContent),
  };
}

let result: Awaited<ReturnType<typeof validate>>;

beforeAll(async () => {
  result = await validate();
}, 60_000);

const modules = (): Manifest['modules'] => result.manifest.modules;

test('passes full validation with no errors and no warnings', () => {
  expect(result.errors).toEqual([]);
  expect(result.success).toBe(true);
});

test('declares every surface of docs/architecture.md as Custom UI with the one resolver', () => {
  const m = modules();
  expect(m['jira:projectPage']?.map((x) => x.key)).toEqual(['flow-project-page']);
  expect(m['jira:issuePanel']?.map((x) => x.key)).toEqual(['flow-issue-panel', 'debt-agreement-panel']);
  expect(m['jira:dashboardGadget']?.map((x) => x.key)).toEqual([
    'flow-distribution-gadget',
    'debt-agreements-gadget',
  ]);
  expect(m['jira:projectSettingsPage']?.map((x) => x.key)).toEqual(['flow-settings-page']);
  // A board's plan from the backlog's menus, sharing the project page's resource (10 of 10 declared).
  expect(m['jira:sprintAction']?.map((x) => [x.key, x.title, x.resource])).toEqual([
    ['flow-sprint-action', 'Flow mix of this sprint', 'project-page'],
  ]);
  expect(m['jira:backlogAction']?.map((x) => [x.key, x.title, x.resource])).toEqual([
    ['flow-backlog-action', 'Flow mix of the backlog', 'project-page'],
  ]);
  expect(m['jira:dashboardGadget']?.map((x) => x.edit?.resource)).toEqual([
    'gadget-edit',
    'agreements-gadget-edit',
  ]);
  expect(m.function?.map((x) => x.key)).toEqual([
    'resolver',
    'fill-fact-cache',
    'refresh-agreements',
    'continue-refresh',
  ]);
  for (const kind of [
    'jira:projectPage',
    'jira:issuePanel',
    'jira:dashboardGadget',
    'jira:projectSettingsPage',
    'jira:sprintAction',
    'jira:backlogAction',
  ]) {
    for (const mod of m[kind] ?? [])
      expect(mod).toMatchObject({ resource: expect.any(String), resolver: { function: 'resolver' } });
  }
  expect(JSON.stringify(m)).not.toContain('"render":"native"'); // not UI Kit
});

test('the preview frames each surface as the manifest declares it: module, type, resource, title', () => {
  for (const m of Object.values(MODULES)) {
    const declared = modules()[m.type]?.find((x) => x.key === m.key);
    expect([m.key, declared?.title]).toEqual([m.key, m.title]);
    expect([m.key, [declared?.resource, declared?.edit?.resource]]).toEqual([
      m.key,
      expect.arrayContaining([m.resource]),
    ]);
  }
  expect(new Set(RESOURCES)).toEqual(
    new Set([
      ...Object.values(modules()).flatMap((list) =>
        list.flatMap((x) => [x.resource, x.edit?.resource]).filter((r) => r !== undefined),
      ),
      // Opened by a module's frame with @forge/bridge's Modal, not named by a module.
      ...MODAL_RESOURCES,
    ]),
  );
  // The modal's resource is the one the project page opens, and the manifest declares it.
  expect(MODAL_RESOURCES).toEqual([DRILL_DOWN_RESOURCE]);
  const declared = z
    .array(z.object({ key: z.string() }))
    .parse(z.looseObject({ resources: z.unknown() }).parse(result.manifest).resources)
    .map((r) => r.key);
  expect(declared).toContain(DRILL_DOWN_RESOURCE);
});

test('every Custom UI resource is a built folder with an index.html', () => {
  const resources = z
    .array(z.object({ key: z.string(), path: z.string() }))
    .parse(z.looseObject({ resources: z.unknown() }).parse(result.manifest).resources);
  for (const r of resources.filter((x) => x.key !== 'icons')) {
    expect([r.key, existsSync(path.join(ROOT, r.path, 'index.html'))]).toEqual([r.key, true]);
    expect(r.path).toMatch(/\/build$/);
  }
});

test('the agreement panel is shown on epics only', () => {
  const panel = modules()['jira:issuePanel']?.find((x) => x.key === 'debt-agreement-panel');
  expect(panel?.displayConditions).toEqual({ issueType: 'Epic' });
  expect(
    modules()['jira:issuePanel']?.find((x) => x.key === 'flow-issue-panel')?.displayConditions,
  ).toBeUndefined();
});

test('indexes the agreement property with search aliases for JQL', () => {
  const [index] = modules()['jira:entityProperty'] ?? [];
  expect(index?.propertyKey).toBe('tech-debt-agreement');
  expect(index?.values?.map((v) => [v.path, v.searchAlias])).toEqual([
    ['state', 'debtAgreementState'],
    ['status', 'debtAgreementStatus'],
    ['dueDate', 'debtAgreementDue'],
    ['nextReviewDate', 'debtAgreementReview'],
    ['interest', 'debtAgreementInterest'],
    ['score', 'debtAgreementScore'],
    ['attention', 'debtAgreementAttention'],
  ]);
  // All entity property modules of an app together may index at most 30 values.
  const indexed = (modules()['jira:entityProperty'] ?? []).flatMap((m) => m.values ?? []);
  expect(indexed.length).toBeLessThanOrEqual(MAX_INDEXED_VALUES);
  // The emulator indexes what the manifest declares: the code's copy must not drift from it.
  expect(index?.values).toEqual(
    AGREEMENT_INDEX.map((v) => ({ path: v.path, type: v.type, searchAlias: v.searchAlias })),
  );
  expect(index?.propertyKey).toBe(AGREEMENT_PROPERTY_KEY);
});

test('asks for the minimal scopes and runs on nodejs24.x', () => {
  expect(result.manifest.permissions).toMatchObject({
    scopes: [
      'read:jira-work',
      'read:jira-user',
      'write:jira-work',
      'storage:app',
      // Jira Software's boards and sprints: granular scopes only (manifest.yml says which call needs which).
      'read:board-scope:jira-software',
      'read:board-scope.admin:jira-software',
      'read:project:jira',
      'read:sprint:jira-software',
      'write:sprint:jira-software',
      'read:issue-details:jira',
      'read:jql:jira',
    ],
  });
  expect(result.manifest.app).toMatchObject({ runtime: { name: 'nodejs24.x' } });
});

test('refreshes agreements daily, as the app, in a function with room for a whole run', () => {
  const trigger = z
    .array(z.object({ key: z.string(), function: z.string(), interval: z.string() }))
    .parse(modules().scheduledTrigger);
  expect(trigger).toEqual([
    { key: 'refresh-agreements-daily', function: 'refresh-agreements', interval: 'day' },
  ]);
  expect(modules().function?.find((f) => f.key === 'refresh-agreements')).toMatchObject({
    handler: 'index.refreshAgreementsDaily',
    timeoutSeconds: 300,
  });
  // The preview runs the same function on demand, under the same key.
  expect(Object.keys(FLOW_LEDGER_APP.scheduled)).toEqual(trigger.map((t) => t.function));
  expect(FLOW_LEDGER_APP.scheduled['refresh-agreements']).toBe(refreshAgreementsDaily);
});

test('a load too big for one call, and a refresh too big for one run, continue in consumers of the queues the code pushes to', () => {
  const consumers = z
    .array(z.object({ key: z.string(), queue: z.string(), function: z.string() }))
    .parse(modules().consumer);
  expect(consumers).toEqual([
    { key: 'fill-fact-cache-consumer', queue: FACT_QUEUE_KEY, function: 'fill-fact-cache' },
    { key: 'refresh-agreements-consumer', queue: REFRESH_QUEUE_KEY, function: 'continue-refresh' },
  ]);
  expect(modules().function?.find((f) => f.key === 'fill-fact-cache')).toMatchObject({
    handler: 'index.fillFactCache',
    timeoutSeconds: 900,
  });
  expect(modules().function?.find((f) => f.key === 'continue-refresh')).toMatchObject({
    handler: 'index.continueAgreementsRefresh',
    timeoutSeconds: 900,
  });
  // The preview and the tests deliver the queues' events to the same functions.
  expect(FLOW_LEDGER_APP.consumers).toEqual({
    [FACT_QUEUE_KEY]: fillFactCache,
    [REFRESH_QUEUE_KEY]: continueAgreementsRefresh,
  });
});

test('declares the storage entities the code writes, attribute for attribute', () => {
  const declared = z
    .object({
      storage: z.object({
        entities: z.array(
          z.object({
            name: z.string(),
            attributes: z.record(z.string(), z.object({ type: z.string() })),
            indexes: z.array(
              z.union([
                z.string(),
                z.object({
                  name: z.string(),
                  range: z.array(z.string()),
                  partition: z.array(z.string()).optional(),
                }),
              ]),
            ),
          }),
        ),
      }),
    })
    .loose()
    .parse(result.manifest.app).storage.entities;
  expect(declared).toEqual(
    STORAGE_ENTITIES.map((e) => ({
      name: e.name,
      attributes: Object.fromEntries(Object.entries(e.attributes).map(([k, type]) => [k, { type }])),
      indexes: e.indexes.map((i) =>
        typeof i === 'string'
          ? i
          : { name: i.name, range: [...i.range], ...(i.partition ? { partition: [...i.partition] } : {}) },
      ),
    })),
  );
});

test('the validator does catch a broken manifest (so a pass means something)', async () => {
  const broken = readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8').replace('storage:app', 'storage:apps');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-manifest-'));
  cpSync(path.join(ROOT, 'static'), path.join(dir, 'static'), { recursive: true });
  mkdirSync(path.join(dir, 'src'));
  cpSync(path.join(ROOT, 'src', 'index.ts'), path.join(dir, 'src', 'index.ts'));
  writeFileSync(path.join(dir, 'manifest.yml'), broken);
  const r = await ProcessorBuilder.instance()
    .withValidation(ValidationTypes.FULL)
    .build()
    .process(path.join(dir, 'manifest.yml'));
  expect(r.success).toBe(false);
  expect((r.errors ?? []).map((e) => e.message).join('\n')).toContain("Invalid 'scopes' permission");
}, 60_000);
