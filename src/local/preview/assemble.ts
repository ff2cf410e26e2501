import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { JiraEmulator } from '../emulator/emulator';
import { loadSite } from '../emulator/load-site';
import type { EmulatedSite } from '../emulator/site';
import type { Actor } from '../emulator/users';
import { KvsStore } from '../forge/kvs-store';
import { LocalForge, type ForgeApp } from '../forge/local-forge';
import { JiraWritesFile } from './jira-writes';
import { emulatorTransport, PreviewServer, type GadgetStore } from './preview-server';

/** Gadget configurations kept in a small JSON file beside the settings store. */
export class FileGadgetStore implements GadgetStore {
  private readonly configs: Record<string, Record<string, unknown>>;
  constructor(
    private readonly file: string,
    /** What each gadget shows before anyone configures it, by gadget id, so the dashboard has data. */
    private readonly initial: Readonly<Record<string, Record<string, unknown>>>,
  ) {
    const schema = z.record(z.string(), z.record(z.string(), z.unknown()));
    this.configs = existsSync(file) ? schema.parse(JSON.parse(readFileSync(file, 'utf8'))) : {};
  }
  get(id: string): Record<string, unknown> {
    return this.configs[id] ?? this.initial[id] ?? {};
  }
  set(id: string, config: Record<string, unknown>): void {
    this.configs[id] = config;
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(this.configs, null, 1));
  }
}

export interface EmulatorPreviewOptions {
  /** The dataset (file or folder) the emulator serves. */
  readonly source: string;
  readonly port: number;
  /** Where settings and gadget configurations are kept, under the dataset's name. */
  readonly stateDir: string;
  readonly staticRoot: string;
  readonly app: ForgeApp;
}

/** The preview over the emulator: the site, the app's resolvers on its clock, and the host server. */
export async function emulatorPreview(
  options: EmulatorPreviewOptions,
): Promise<{ server: PreviewServer; emulator: JiraEmulator; label: string }> {
  const loaded = await loadSite(options.source);
  const name = path.basename(options.source).replace(/\.(jsonl\.gz|jsonl|json)$/, '');
  new JiraWritesFile(path.join(options.stateDir, `${name}.jira-writes.json`), loaded.site);
  const emulator = new JiraEmulator(loaded.site, { baseUrl: `http://127.0.0.1:${options.port}` });
  const kvs = new KvsStore(path.join(options.stateDir, `${name}.kvs.json`));
  const forge = new LocalForge(
    { kind: 'emulator', emulator },
    kvs,
    options.app.handler,
    () => emulator.now(),
    options.app.consumers,
  );
  const actorOf = (accountId: string): Actor | null => {
    const user = emulator.userById(accountId);
    return user === undefined ? null : { kind: 'user', user };
  };
  await seedDemoStream(forge, kvs, loaded.site);
  const first = [...loaded.site.projects].sort((a, b) => a.key.localeCompare(b.key))[0]?.key ?? '';
  const label = `${name}, clock ${new Date(emulator.now()).toISOString().slice(0, 10)}`;
  const server = new PreviewServer({
    forge,
    emulator,
    jiraFor: (accountId) => emulatorTransport(emulator, actorOf, accountId),
    users: loaded.site.users,
    staticRoot: options.staticRoot,
    gadgetStore: new FileGadgetStore(path.join(options.stateDir, `${name}.gadgets.json`), {
      'flow-1': { projectKey: first, weeks: 12 },
      'agreements-1': { projectKeys: [first] },
    }),
    siteLabel: label,
    timezoneOf: (accountId) => emulator.userById(accountId)?.timeZone ?? 'UTC',
    scheduled: options.app.scheduled,
    // The dashboard is the site administrators'; so is running a scheduled trigger by hand.
    mayEditDashboard: (accountId) => emulator.userById(accountId)?.siteAdmin === true,
    mayRunTriggers: (accountId) => emulator.userById(accountId)?.siteAdmin === true,
  });
  return { server, emulator, label };
}

/** Marks, in the preview's storage, that the demo stream was made once: a deleted one stays deleted. */
const DEMO_STREAM_SEEDED = 'preview:demo-stream-seeded';

/**
 * The first start of a preview makes one value stream of the site's spaces (at most 50), as its
 * first administrator, through the app's own resolver, so that the streams page has something to
 * show; later starts leave the streams as people left them.
 */
async function seedDemoStream(forge: LocalForge, kvs: KvsStore, site: EmulatedSite): Promise<void> {
  if (kvs.get(DEMO_STREAM_SEEDED) !== undefined) return;
  const admin = site.users.find((u) => u.siteAdmin);
  const keys = site.projects.map((p) => p.key).slice(0, 50);
  if (admin === undefined || keys.length === 0) return;
  const stream = {
    name: keys.length === 1 ? `${keys[0] ?? ''} stream` : 'All teams of this site',
    description: `A value stream of the spaces ${keys.join(', ')}, each counted by its own flow settings. Made by the preview on its first start.`,
    spaceKeys: keys,
    trendPeriod: 'month',
  };
  await forge.invoke(
    'saveStream',
    { streamId: 'demo-stream-0001', revision: 0, stream },
    { accountId: admin.accountId },
  );
  await kvs.handle('/api/v1/set', JSON.stringify({ key: DEMO_STREAM_SEEDED, value: true }));
}
