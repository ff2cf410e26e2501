import { fetchTransport } from '../../src/jira/fetch-transport';
import {
  deleteIssueProperty,
  editLabels,
  getIssue,
  getIssueProperty,
  getMyPermissions,
  getProject,
  getProjectIssueTypes,
  getProjectStatuses,
  searchProjects,
  setIssueProperty,
} from '../../src/jira/jira-api';
import { bulkChangelogs, searchIssues } from '../../src/jira/jira-search';
import { JiraClient } from '../../src/jira/jira-client';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { startEmulatorServer, type RunningServer } from '../../src/local/emulator/http-server';
import { emulatedSite, newEmulator } from '../support/emulated-site';

/**
 * The adapter's endpoint functions over HTTP against the emulator, with the fetch transport a
 * local run uses (Basic email:token), as they would meet a real site.
 */
let emulator: JiraEmulator;
let server: RunningServer;

beforeAll(async () => {
  emulator = newEmulator(await emulatedSite());
  server = await startEmulatorServer(emulator, 0);
});

afterAll(async () => {
  await server.close();
});

function client(email: string, token: string, allowWrites = true): JiraClient {
  return new JiraClient(fetchTransport({ site: server.url, email, apiToken: token }, { allowWrites }), {
    deadline: Date.now() + 20_000,
  });
}

const dev = (): JiraClient => client('dev@example.com', 'dev-token');

test('reads: project, statuses, issue types, permissions, issue, search pages, changelogs', async () => {
  const project = await getProject(dev(), 'AGPUSH');
  expect(project).toMatchObject({ key: 'AGPUSH', name: 'AeroGear Push' });
  expect((await getProjectStatuses(dev(), 'AGPUSH')).map((s) => s.name)).toEqual(
    expect.arrayContaining(['Open', 'Closed']),
  );
  const types = await getProjectIssueTypes(dev(), project.id ?? '');
  expect(types.find((t) => t.name === 'Epic')?.hierarchyLevel).toBe(1);
  expect(
    await getMyPermissions(dev(), ['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS'], { projectKey: 'AGPUSH' }),
  ).toMatchObject({
    BROWSE_PROJECTS: true,
    ADMINISTER_PROJECTS: false,
  });
  expect((await getIssue(dev(), 'AGPUSH-179'))?.fields.summary).toBeDefined();
  expect(await getIssue(dev(), 'AEROGEAR-2')).toBeNull(); // invisible reads as absent
  const pages: number[] = [];
  const issues = await searchIssues(dev(), {
    jql: 'project = AGPUSH ORDER BY key',
    onPage: (p) => pages.push(p.length),
  });
  expect(pages).toEqual([100, 76]);
  const logs = await bulkChangelogs(
    dev(),
    issues.map((i) => i.id),
    ['status'],
  );
  expect([...logs.values()].reduce((n, h) => n + h.length, 0)).toBe(423);
  expect((await searchProjects(dev())).map((p) => p.key)).toEqual(['AGPUSH']);
});

test('entity properties: set, read, delete; too long is INVALID_INPUT; absent is null', async () => {
  await setIssueProperty(dev(), 'AGPUSH-57', 'tech-debt-agreement', { state: 'open' });
  expect(await getIssueProperty(dev(), 'AGPUSH-57', 'tech-debt-agreement')).toEqual({ state: 'open' });
  await expect(setIssueProperty(dev(), 'AGPUSH-57', 'p', { note: 'x'.repeat(40_000) })).rejects.toMatchObject(
    { code: 'INVALID_INPUT' },
  );
  await deleteIssueProperty(dev(), 'AGPUSH-57', 'tech-debt-agreement');
  expect(await getIssueProperty(dev(), 'AGPUSH-57', 'tech-debt-agreement')).toBeNull();
});

test('labels are added and removed; an outsider is NOT_PERMITTED', async () => {
  await editLabels(dev(), 'AGPUSH-57', { add: ['tech-debt-agreement'] });
  expect((await getIssue(dev(), 'AGPUSH-57'))?.fields.labels).toContain('tech-debt-agreement');
  await editLabels(dev(), 'AGPUSH-57', { remove: ['tech-debt-agreement'] });
  expect((await getIssue(dev(), 'AGPUSH-57'))?.fields.labels).not.toContain('tech-debt-agreement');
  await expect(
    editLabels(client('outsider@example.com', 'outsider-token'), 'AEROGEAR-2', { add: ['x'] }),
  ).rejects.toMatchObject({
    code: 'NOT_PERMITTED',
  });
});

test('a read-only transport refuses writes before they leave the machine, and lets searches through', async () => {
  emulator.clearLog();
  const readOnly = client('dev@example.com', 'dev-token', false);
  await expect(setIssueProperty(readOnly, 'AGPUSH-57', 'p', { a: 1 })).rejects.toMatchObject({
    code: 'NOT_PERMITTED',
    message: expect.stringContaining('--allow-writes'),
  });
  await expect(editLabels(readOnly, 'AGPUSH-57', { add: ['x'] })).rejects.toMatchObject({
    code: 'NOT_PERMITTED',
  });
  expect(await searchIssues(readOnly, { jql: 'key = AGPUSH-57' })).toHaveLength(1);
  expect(emulator.counts()).toEqual({ 'POST /rest/api/3/search/jql': 1 });
});
