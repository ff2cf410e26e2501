import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { JiraEmulator, type EmulatorOptions } from '../../src/local/emulator/emulator';
import type { EmulatorResponse } from '../../src/local/emulator/protocol';
import { EmulatedSite } from '../../src/local/emulator/site';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
export const AGPUSH_FILE = path.join(FIXTURES, 'jboss-aerogear', 'agpush200.raw.json');
export const AEROGEAR_FILE = path.join(FIXTURES, 'jboss-aerogear', 'aerogear200issues.json');

/** People of the test site: an admin, a developer, a lead and a reader of AGPUSH, and an outsider to it. */
export const USERS = [
  {
    accountId: 'acc-admin',
    emailAddress: 'admin@example.com',
    displayName: 'Ada Admin',
    apiToken: 'admin-token',
    siteAdmin: true,
  },
  {
    accountId: 'acc-dev',
    emailAddress: 'dev@example.com',
    displayName: 'Dev Eloper',
    apiToken: 'dev-token',
    browse: ['AGPUSH'],
    edit: ['AGPUSH'],
  },
  {
    accountId: 'acc-lead',
    emailAddress: 'lead@example.com',
    displayName: 'Lee Lead',
    apiToken: 'lead-token',
    administer: ['AGPUSH'],
  },
  {
    accountId: 'acc-reader',
    emailAddress: 'reader@example.com',
    displayName: 'Rita Reader',
    apiToken: 'reader-token',
    browse: ['AGPUSH'],
  },
  {
    accountId: 'acc-outsider',
    emailAddress: 'outsider@example.com',
    displayName: 'Otto Outsider',
    apiToken: 'outsider-token',
    browse: ['AEROGEAR'],
  },
];

/** A site folder with the given issue files and users.json, loaded as the emulator loads it. */
export async function emulatedSite(
  files: readonly string[] = [AGPUSH_FILE, AEROGEAR_FILE],
  users: unknown = USERS,
): Promise<EmulatedSite> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-site-'));
  for (const f of files) copyFileSync(f, path.join(dir, path.basename(f)));
  if (users !== null) writeFileSync(path.join(dir, 'users.json'), JSON.stringify(users));
  return new EmulatedSite(await loadDataset(dir, { keepRaw: true }));
}

export function basic(email: string, token: string): string {
  return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}

/** Sends a request to the emulator as one of USERS and parses the answer. */
export async function call(
  emulator: JiraEmulator,
  who: string,
  method: string,
  pathAndQuery: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; response: EmulatorResponse }> {
  const user = USERS.find((u) => u.emailAddress.startsWith(`${who}@`));
  const response = await emulator.handle({
    method,
    path: pathAndQuery,
    headers: user === undefined ? {} : { authorization: basic(user.emailAddress, user.apiToken) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: response.body === '' ? undefined : (JSON.parse(response.body) as unknown),
    response,
  };
}

export function newEmulator(site: EmulatedSite, options: EmulatorOptions = {}): JiraEmulator {
  // A fixed clock: the data's last activity (AGPUSH and AEROGEAR end in 2016).
  return new JiraEmulator(site, { clock: () => Date.parse('2016-10-12T12:00:00Z'), ...options });
}

/**
 * AGPUSH `copies` times under other keys and ids (2640 issues for 15), with the same histories:
 * enough pages that changelog batches start while later search pages are still to come.
 * Returns the file.
 */
export function agpushCopies(copies: number): string {
  const records = z
    .array(z.looseObject({ id: z.string(), key: z.string() }))
    .parse(JSON.parse(readFileSync(AGPUSH_FILE, 'utf8')));
  const all = Array.from({ length: copies }, (_, k) =>
    records.map((r) => ({
      ...r,
      id: String(Number(r.id) + k * 1_000_000),
      key: r.key.replace(/-(\d+)$/, (_m, n: string) => `-${Number(n) + k * 1000}`),
    })),
  ).flat();
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-big-')), `agpush-x${copies}.json`);
  writeFileSync(file, JSON.stringify(all));
  return file;
}

/**
 * Six real spaces on one site, for value streams: AGPUSH and AEROGEAR (JBoss), ZMETRIC (Zühlke),
 * DAEMON (Appcelerator), EE and K5 (Apache DevLake's sample), with the given people.
 */
export async function sixSpaceSite(users: unknown): Promise<EmulatedSite> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-streams-'));
  for (const f of [
    AGPUSH_FILE,
    AEROGEAR_FILE,
    path.join(FIXTURES, 'zuhlke-zmetric', 'ZMETRIC-search-expand-changelog.json'),
    path.join(FIXTURES, 'zuhlke-zmetric', 'ZMETRIC-project-statuses.json'),
  ])
    copyFileSync(f, path.join(dir, path.basename(f)));
  cpSync(path.join(FIXTURES, 'appcelerator', 'raw', 'DAEMON'), path.join(dir, 'DAEMON'), { recursive: true });
  cpSync(path.join(FIXTURES, 'apache-devlake', 'EE'), path.join(dir, 'EE'), { recursive: true });
  writeFileSync(path.join(dir, 'users.json'), JSON.stringify(users));
  return new EmulatedSite(await loadDataset(dir, { keepRaw: true }));
}
