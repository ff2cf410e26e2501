import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * Forge's limits and the "Runs on Atlassian" rules, checked on manifest.yml and on what a deploy
 * uploads, so that a surface or a module added later fails here and not at a user's `forge deploy`
 * (docs/running-off-jira.md#forges-limits). Each check is a function of the manifest, tried on
 * manifest.yml and on copies that break it, so that it is seen to fail.
 */

const ROOT = path.join(__dirname, '..');

// Atlassian's "App and developer limits" (developer.atlassian.com/platform/forge/limits-app-developer).
const MAX_MODULES = 150;
const MAX_RESOURCES = 10;
const MAX_APP_BYTES = 100 * 1024 * 1024;
// The manifest reference's rule for a resource's key.
const RESOURCE_KEY = /^[a-zA-Z0-9_-]{1,23}$/;

const manifestSchema = z.looseObject({
  modules: z.record(z.string(), z.array(z.looseObject({ key: z.string() }))),
  resources: z.array(z.looseObject({ key: z.string(), path: z.string() })).default([]),
  permissions: z.looseObject({}).default({}),
  app: z.looseObject({}),
});
type Manifest = z.infer<typeof manifestSchema>;

function readManifest(): Manifest {
  return manifestSchema.parse(parse(readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8')));
}

/**
 * What would take the app off Atlassian's own infrastructure ("Runs on Atlassian"): egress to any
 * address (`permissions.external`), a remote backend (`remotes`, an `endpoint` module, a resolver
 * or function that names an endpoint), Forge Containers (`services`), Connect modules.
 */
function leavesAtlassian(manifest: Manifest): string[] {
  const found: string[] = [];
  if ('external' in manifest.permissions) found.push('permissions.external (egress)');
  for (const key of ['remotes', 'services', 'connectModules'])
    if (key in manifest) found.push(`${key} (runs off Atlassian)`);
  for (const [type, modules] of Object.entries(manifest.modules)) {
    if (type === 'endpoint' || type === 'remote' || type.startsWith('connect-'))
      found.push(`modules.${type} (a remote backend)`);
    for (const m of modules) {
      const text = JSON.stringify(m);
      if (/"endpoint"\s*:/.test(text)) found.push(`${type} ${m.key} calls an endpoint`);
    }
  }
  return found;
}

/** The bytes and files under a folder. */
function folderSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}

/** Where the manifest passes Forge's counted limits. */
function pastLimits(manifest: Manifest, sizeOf: (resourcePath: string) => number): string[] {
  const found: string[] = [];
  const modules = Object.values(manifest.modules).reduce((n, list) => n + list.length, 0);
  if (modules > MAX_MODULES) found.push(`${modules} modules, past ${MAX_MODULES}`);
  if (manifest.resources.length > MAX_RESOURCES)
    found.push(`${manifest.resources.length} resources, past ${MAX_RESOURCES}`);
  for (const r of manifest.resources)
    if (!RESOURCE_KEY.test(r.key)) found.push(`resource key ${r.key} breaks ${String(RESOURCE_KEY)}`);
  const bytes = manifest.resources.reduce((n, r) => n + sizeOf(r.path), sizeOf('dist/forge'));
  if (bytes > MAX_APP_BYTES) found.push(`the app is ${(bytes / 1024 / 1024).toFixed(1)} MB, past 100 MB`);
  return found;
}

const onDisk = (p: string): number => folderSize(path.join(ROOT, p)).bytes;

test('Flow Ledger runs on Atlassian: no egress, no remote, no containers', () => {
  const manifest = readManifest();
  expect(leavesAtlassian(manifest)).toEqual([]);
  // The only content permission is the design system's inline styles: no script, frame or fetch source.
  expect(manifest.permissions).toEqual({
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
    content: { styles: ['unsafe-inline'] },
  });
});

test.each([
  [
    'egress to an address',
    { permissions: { external: { fetch: { backend: [{ address: 'https://x.io' }] } } } },
  ],
  ['images from elsewhere', { permissions: { external: { images: [{ address: 'https://x.io' }] } } }],
  ['a remote', { remotes: [{ key: 'r', baseUrl: 'https://x.io' }] }],
  ['Forge Containers', { services: [{ key: 's' }] }],
  ['an endpoint module', { modules: { endpoint: [{ key: 'e', remote: 'r' }] } }],
  [
    'a resolver on an endpoint',
    { modules: { 'jira:issuePanel': [{ key: 'p', resolver: { endpoint: 'e' } }] } },
  ],
])('a manifest that gains %s is caught', (_name, change) => {
  const manifest = readManifest();
  const changed = manifestSchema.parse({
    ...manifest,
    ...change,
    modules: { ...manifest.modules, ...('modules' in change ? change.modules : {}) },
    permissions: { ...manifest.permissions, ...('permissions' in change ? change.permissions : {}) },
  });
  expect(leavesAtlassian(changed)).not.toEqual([]);
});

test("what a deploy uploads is within Forge's limits, and the counts are printed", () => {
  const manifest = readManifest();
  expect(existsSync(path.join(ROOT, 'dist', 'forge', 'index.cjs'))).toBe(true);
  expect(pastLimits(manifest, onDisk)).toEqual([]);
  // Custom UI resources are folders with an index.html; the icons are files a module points at.
  for (const r of manifest.resources) {
    const dir = path.join(ROOT, r.path);
    expect({ resource: r.key, folder: existsSync(dir) }).toEqual({ resource: r.key, folder: true });
    if (r.key !== 'icons')
      expect({ resource: r.key, index: existsSync(path.join(dir, 'index.html')) }).toEqual({
        resource: r.key,
        index: true,
      });
  }
  const sizes = [{ path: 'dist/forge' }, ...manifest.resources].map((r) => {
    const s = folderSize(path.join(ROOT, r.path));
    return `${r.path.padEnd(36)} ${String(s.files).padStart(3)} files ${(s.bytes / 1024).toFixed(0).padStart(6)} KB`;
  });
  const modules = Object.values(manifest.modules).reduce((n, list) => n + list.length, 0);
  process.stdout.write(
    `Forge limits: ${modules}/${MAX_MODULES} modules, ${manifest.resources.length}/${MAX_RESOURCES} resources\n${sizes.join('\n')}\n`,
  );
});

test('the limits are caught: one resource too many, a key too long, an app too big', () => {
  const manifest = readManifest();
  const extra = Array.from({ length: MAX_RESOURCES + 1 - manifest.resources.length }, (_, i) => ({
    key: `extra-${i}`,
    path: 'static/icons',
  }));
  expect(pastLimits({ ...manifest, resources: [...manifest.resources, ...extra] }, () => 0)).toEqual([
    `${MAX_RESOURCES + 1} resources, past ${MAX_RESOURCES}`,
  ]);
  const longKey = [{ key: 'a-resource-key-of-24-chr', path: 'static/icons' }];
  expect(pastLimits({ ...manifest, resources: longKey }, () => 0)).toHaveLength(1);
  expect(pastLimits(manifest, () => 11 * 1024 * 1024)).toEqual(['the app is 121.0 MB, past 100 MB']);
  const many = Array.from({ length: MAX_MODULES + 1 }, (_, i) => ({ key: `m${i}` }));
  expect(pastLimits({ ...manifest, modules: { function: many } }, () => 0)).toEqual([
    `${MAX_MODULES + 1} modules, past ${MAX_MODULES}`,
  ]);
});
