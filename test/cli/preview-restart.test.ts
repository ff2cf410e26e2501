import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { startDemoPreview } from '../support/demo-preview';
import { invokeThrough, previewSession } from '../support/preview-session';

/**
 * A restart of the preview keeps both halves of an agreement: the app's storage (its lock) and
 * what it wrote into Jira (the property and the label), so that the epic is saved again after it
 * as before, never refused as "changed by someone else". It keeps the work items created through
 * it too, under their keys, which the app's storage links to.
 */

const LEAD = '557058:demo-0000-4000-8000-000000000002';

const answer = z.object({
  ok: z.literal(true),
  data: z.looseObject({ written: z.looseObject({ revision: z.number(), labelled: z.boolean() }) }),
});
const view = z.object({
  ok: z.literal(true),
  data: z.looseObject({ revision: z.number(), status: z.string().nullable() }),
});

test('an agreement recorded before a restart is there after it, and is saved again', async () => {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-restart-'));
  const terms = {
    reason: 'deadline',
    impact: 'Recorded before a restart.',
    interest: 'low',
    visibility: 'rare',
    outcome: 'Nothing lost.',
    repayment: 'lump-sum',
    dueDate: '2013-12-31',
    reviewCadenceDays: 30,
  };
  const first = await startDemoPreview(stateDir);
  let session = await previewSession(first.url, LEAD);
  const saved = answer.parse(
    (
      await invokeThrough(first.url, session, 'saveAgreement', {
        issueKey: 'AGPUSH-63',
        revision: 0,
        writeId: 'restart-0000001',
        terms,
      })
    ).body,
  );
  expect(saved.data.written).toMatchObject({ revision: 1, labelled: true });
  await first.close();

  const second = await startDemoPreview(stateDir);
  session = await previewSession(second.url, LEAD);
  const again = view.parse(
    (await invokeThrough(second.url, session, 'getAgreement', { issueKey: 'AGPUSH-63' })).body,
  );
  expect(again.data).toMatchObject({ revision: 1, status: 'on-track' });
  const edited = answer.parse(
    (
      await invokeThrough(second.url, session, 'saveAgreement', {
        issueKey: 'AGPUSH-63',
        revision: 1,
        writeId: 'restart-0000002',
        terms: { ...terms, interest: 'medium' },
      })
    ).body,
  );
  expect(edited.data.written).toMatchObject({ revision: 2, labelled: true });
  await second.close();
});

const ADMIN_ID = '557058:demo-0000-4000-8000-000000000001';
const ADMIN = { authorization: `Basic ${Buffer.from('admin@example.com:flow-ledger').toString('base64')}` };
/** AGPUSH-63's id in the demo data. */
const AGPUSH_63_ID = '12492917';

const createdAnswer = z.object({ id: z.string(), key: z.string() });
const issueAnswer = z.looseObject({
  id: z.string(),
  key: z.string(),
  fields: z.looseObject({
    summary: z.string(),
    created: z.string(),
    labels: z.array(z.string()),
    status: z.looseObject({ id: z.string(), name: z.string() }),
    issuetype: z.looseObject({ name: z.string() }),
    project: z.looseObject({ key: z.string() }),
    // The demo's own work items name their reporters as Jira Server did, without an account id.
    reporter: z.looseObject({ accountId: z.string().optional() }).nullable().optional(),
  }),
});
const searchAnswer = z.looseObject({ issues: z.array(z.looseObject({ key: z.string() })) });

async function rest(base: string, method: string, resource: string, body?: unknown): Promise<Response> {
  return fetch(`${base}/rest/api/3/${resource}`, {
    method,
    headers: { ...ADMIN, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

async function createTask(base: string, summary: string): Promise<z.infer<typeof createdAnswer>> {
  const r = await rest(base, 'POST', 'issue', {
    fields: { project: { key: 'AGPUSH' }, summary, issuetype: { name: 'Task' } },
  });
  expect(r.status).toBe(201);
  return createdAnswer.parse(await r.json());
}

async function issue(base: string, key: string): Promise<z.infer<typeof issueAnswer>> {
  const r = await rest(base, 'GET', `issue/${key}`);
  expect(r.status).toBe(200);
  return issueAnswer.parse(await r.json());
}

async function searchKeys(base: string, jql: string): Promise<string[]> {
  const r = await rest(base, 'POST', 'search/jql', { jql, fields: ['summary'] });
  expect(r.status).toBe(200);
  return searchAnswer.parse(await r.json()).issues.map((i) => i.key);
}

const numberOf = (key: string): number => Number(key.slice(key.lastIndexOf('-') + 1));

/** One run of the preview on `stateDir`, stopped however `use` ends. */
async function runPreview<T>(stateDir: string, use: (url: string) => Promise<T>): Promise<T> {
  const preview = await startDemoPreview(stateDir);
  try {
    return await use(preview.url);
  } finally {
    await preview.close();
  }
}

test('a work item created before a restart is there after it, under its key, and is not numbered again', async () => {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-restart-'));
  // A state file from before created work items were kept: only the writes, by issue id.
  writeFileSync(
    path.join(stateDir, 'demo.jira-writes.json'),
    JSON.stringify({ [AGPUSH_63_ID]: { labels: ['kept-from-before'], properties: {} } }),
  );
  const { created, before } = await runPreview(stateDir, async (url) => {
    expect((await issue(url, 'AGPUSH-63')).fields.labels).toEqual(['kept-from-before']);
    const made = await createTask(url, 'Follow up the monthly review');
    expect(made.key).toMatch(/^AGPUSH-\d+$/);
    // A write on the created work item: put back after it, once it exists again.
    const relabel = await rest(url, 'PUT', `issue/${made.key}`, {
      update: { labels: [{ add: 'review-decision' }] },
    });
    expect(relabel.status).toBe(204);
    return { created: made, before: await issue(url, made.key) };
  });

  const next = await runPreview(stateDir, async (url) => {
    expect(await issue(url, created.key)).toMatchObject({
      id: created.id,
      key: created.key,
      fields: {
        summary: 'Follow up the monthly review',
        created: before.fields.created,
        labels: ['review-decision'],
        status: before.fields.status,
        issuetype: { name: 'Task' },
        project: { key: 'AGPUSH' },
        reporter: { accountId: ADMIN_ID },
      },
    });
    expect(await searchKeys(url, `key = ${created.key}`)).toEqual([created.key]);
    expect(await searchKeys(url, 'project = AGPUSH AND labels = review-decision')).toEqual([created.key]);
    expect((await issue(url, 'AGPUSH-63')).fields.labels).toEqual(['kept-from-before']);
    const another = await createTask(url, 'Another follow-up');
    expect(numberOf(another.key)).toBe(numberOf(created.key) + 1);
    expect(Number(another.id)).toBeGreaterThan(Number(created.id));
    return another;
  });

  // The one created after the restart is kept as well, after the first.
  await runPreview(stateDir, async (url) => {
    expect((await issue(url, next.key)).fields.summary).toBe('Another follow-up');
    expect((await issue(url, created.key)).fields.summary).toBe('Follow up the monthly review');
  });
});
