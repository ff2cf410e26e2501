import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { JiraEmulator, type EmulatorOptions, type EmulatorResponse } from '../../src/local/emulator/emulator';
import { EmulatedSite } from '../../src/local/emulator/site';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
export const AGPUSH_FILE = path.join(FIXTURES, 'jboss-aerogear', 'agpush200.raw.json');
export const AEROGEAR_FILE = path.join(FIXTURES, 'jboss-aerogear', 'aerogear200issues.json');

/** People of the test site: an admin, a developer and a lead of AGPUSH, and an outsider to it. */
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
