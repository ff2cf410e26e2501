import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { JiraEmulator } from '../emulator/emulator';
import { loadSite } from '../emulator/load-site';
import type { Actor } from '../emulator/users';
import { KvsStore } from '../forge/kvs-store';
import { LocalForge, type ForgeApp } from '../forge/local-forge';
import { MONTH_BEFORE_MS, seedDemoReview, seedDemoStream } from './demo-seeds';
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
  await seedDemoReview(
    new LocalForge(
      { kind: 'emulator', emulator },
      kvs,
      options.app.handler,
      () => emulator.now() - MONTH_BEFORE_MS,
    ),
    kvs,
    loaded.site,
  );
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
