import { z } from 'zod';
import type { ReviewView } from '../../src/contract';
import { formatReviewMarkdown } from '../../src/presentation/review-markdown';
import { periodRow } from '../../src/presentation/review-tables';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { FLOW_REVIEW_ENTITY } from '../../src/storage/entities';
import { newEmulator, sixSpaceSite } from '../support/emulated-site';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * The monthly review's record (docs/flow-review.md): started from the figures as they were shown
 * and frozen, so that a settings change later does not move them; observations and decisions
 * saved with a revision, racing saves ending with one winner and the other told; a decision's
 * work item as the reader sees it now; the next period's review listing the last one's
 * decisions; a review of two spaces shown only to a person who may browse both.
 */

const JULY = Date.parse('2013-08-01T09:00:00Z');
const JUNE = Date.parse('2013-07-03T09:00:00Z');
const PEOPLE = [
  {
    accountId: 'acc-admin',
    emailAddress: 'admin@example.com',
    displayName: 'Ada Admin',
    apiToken: 't',
    siteAdmin: true,
  },
  {
    accountId: 'acc-lead',
    emailAddress: 'lead@example.com',
    displayName: 'Lee Lead',
    apiToken: 't',
    browse: ['AGPUSH', 'AEROGEAR'],
  },
  {
    accountId: 'acc-dev',
    emailAddress: 'dev@example.com',
    displayName: 'Dev Eloper',
    apiToken: 't',
    browse: ['AGPUSH'],
    edit: ['AGPUSH'],
  },
];

let emulator: JiraEmulator;
let now = JULY;

beforeAll(async () => {
  emulator = newEmulator(await sixSpaceSite(PEOPLE), { clock: () => now });
});

function forgeAt(at: number, store = new KvsStore()): VirtualForge {
  now = at;
  return virtualForge(emulator, at, store);
}

const reviewAnswer = z.object({
  ok: z.literal(true),
  data: z.looseObject({
    status: z.literal('saved'),
    id: z.string(),
    revision: z.number(),
    period: z.looseObject({ label: z.string(), from: z.string(), to: z.string() }),
    snapshot: z.looseObject({ periods: z.array(z.looseObject({ label: z.string() })), waits: z.unknown() }),
    observations: z.string(),
    decisions: z.array(
      z.looseObject({
        id: z.string(),
        text: z.string(),
        owner: z.looseObject({ displayName: z.string().nullable() }).nullable(),
        item: z.unknown(),
      }),
    ),
    previous: z
      .looseObject({
        id: z.string(),
        decisions: z.array(z.looseObject({ text: z.string(), item: z.unknown() })),
      })
      .nullable(),
  }),
});
const reviewOf = (answer: unknown): z.infer<typeof reviewAnswer>['data'] => reviewAnswer.parse(answer).data;

const periodsAnswer = z.object({
  ok: z.literal(true),
  data: z.looseObject({ periods: z.array(z.unknown()), trends: z.array(z.unknown()), waits: z.unknown() }),
});

test('a review freezes the figures it was started with: a settings change later moves the page, not the review', async () => {
  const forge = forgeAt(JULY);
  const page = periodsAnswer.parse(
    await forge.invoke('getFlowPeriods', { projectKey: 'AGPUSH' }, 'acc-admin'),
  ).data;
  const review = reviewOf(
    await forge.invoke('startReview', { reviewId: 'review-agpush-07', projectKey: 'AGPUSH' }, 'acc-admin'),
  );
  expect(review.period).toEqual({ kind: 'month', label: '2013-07-01', from: '2013-07-01', to: '2013-07-31' });
  expect(review.snapshot.periods).toEqual(page.periods);
  expect(review.snapshot).toMatchObject({ trends: page.trends });
  // The per-item list of where work waited is Jira's to show: the review keeps the steps alone.
  expect(review.snapshot.waits).toEqual({ ...z.looseObject({}).parse(page.waits), itemList: undefined });

  // The team now counts every "Bug" as a Debt and agrees a different band.
  const saved = await forge.invoke(
    'saveSettings',
    {
      projectKey: 'AGPUSH',
      revision: 0,
      settings: {
        typeRules: [{ type: 'debt', issueTypes: ['Bug'] }],
        targets: { debt: { min: 0.3, max: 0.5 } },
      },
    },
    'acc-admin',
  );
  expect(saved).toMatchObject({ ok: true });
  const after = periodsAnswer.parse(
    await forge.invoke('getFlowPeriods', { projectKey: 'AGPUSH' }, 'acc-admin'),
  ).data;
  expect(after.periods).not.toEqual(page.periods);
  const reopened = reviewOf(await forge.invoke('getReview', { reviewId: 'review-agpush-07' }, 'acc-admin'));
  expect(reopened.snapshot).toEqual(review.snapshot);

  // Started again (its answer lost on the way): the same review; another of the same month: refused.
  const again = reviewOf(
    await forge.invoke('startReview', { reviewId: 'review-agpush-07', projectKey: 'AGPUSH' }, 'acc-admin'),
  );
  expect(again).toEqual(reopened);
  expect(
    await forge.invoke('startReview', { reviewId: 'review-agpush-7b', projectKey: 'AGPUSH' }, 'acc-lead'),
  ).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT', message: expect.stringContaining('review-agpush-07') },
  });
});

test('observations and decisions: plain text, bounded; a linked work item as the reader sees it now', async () => {
  const forge = forgeAt(JULY);
  reviewOf(
    await forge.invoke('startReview', { reviewId: 'review-notes-001', projectKey: 'AGPUSH' }, 'acc-lead'),
  );
  const content = {
    observations: 'Code review\u0007 waits  ',
    decisions: [
      { id: 'decision-0001', text: 'Pair on reviews', ownerAccountId: 'acc-dev', issueKey: 'agpush-57' },
      { id: 'decision-0002', text: 'Limit work in progress to 5' },
    ],
  };
  const saved = reviewOf(
    await forge.invoke('saveReview', { reviewId: 'review-notes-001', revision: 1, content }, 'acc-lead'),
  );
  expect(saved.revision).toBe(2);
  expect(saved.observations).toBe('Code review waits');
  expect(saved.decisions.map((d) => [d.text, d.owner?.displayName ?? null])).toEqual([
    ['Pair on reviews', 'Dev Eloper'],
    ['Limit work in progress to 5', null],
  ]);
  expect(saved.decisions[0]?.item).toMatchObject({
    key: 'AGPUSH-57',
    visible: true,
    status: expect.any(String),
  });

  // A work item the saver may not see is refused, as one that does not exist, and nothing is saved.
  const hidden = await forge.invoke(
    'saveReview',
    {
      reviewId: 'review-notes-001',
      revision: 2,
      content: { decisions: [{ id: 'decision-0003', text: 'Fix it', issueKey: 'DAEMON-1' }] },
    },
    'acc-lead',
  );
  const absent = await forge.invoke(
    'saveReview',
    {
      reviewId: 'review-notes-001',
      revision: 2,
      content: { decisions: [{ id: 'decision-0003', text: 'Fix it', issueKey: 'NOSUCH-1' }] },
    },
    'acc-lead',
  );
  expect(JSON.stringify(hidden).replaceAll('DAEMON', 'KEY')).toBe(
    JSON.stringify(absent).replaceAll('NOSUCH', 'KEY'),
  );
  expect(hidden).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

  for (const bad of [
    { observations: 'x'.repeat(4001) },
    { decisions: Array.from({ length: 21 }, (_, i) => ({ id: `decision-${1000 + i}`, text: 'A decision' })) },
    {
      decisions: [
        { id: 'decision-dup1', text: 'One' },
        { id: 'decision-dup1', text: 'Two' },
      ],
    },
    { decisions: [{ id: 'decision-0004', text: '   ' }] },
    { decisions: [{ id: 'decision-0004', text: '<b>x</b>', issueKey: 'not a key' }] },
  ])
    expect(
      await forge.invoke(
        'saveReview',
        { reviewId: 'review-notes-001', revision: 2, content: bad },
        'acc-lead',
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(forge.kvs.entity(FLOW_REVIEW_ENTITY.name, 'review-notes-001')).toMatchObject({
    revision: 2,
    review: { observations: 'Code review waits' },
  });
});

test('racing saves of one revision: exactly one wins, the others are told who saved', async () => {
  const forge = forgeAt(JULY, new KvsStore({ latencyMs: 5 }));
  reviewOf(
    await forge.invoke('startReview', { reviewId: 'review-race-0001', projectKey: 'AGPUSH' }, 'acc-lead'),
  );
  // Two people, two saves each: the losers are told who won, by name.
  const notes = ['First', 'Second', 'Third', 'Fourth'];
  const people = ['acc-lead', 'acc-admin', 'acc-lead', 'acc-admin'];
  const names: Record<string, string> = { 'acc-lead': 'Lee Lead', 'acc-admin': 'Ada Admin' };
  const answers = await Promise.all(
    notes.map((observations, i) =>
      forge.invoke(
        'saveReview',
        { reviewId: 'review-race-0001', revision: 1, content: { observations } },
        people[i],
      ),
    ),
  );
  const winners = answers.flatMap((a, i) => (JSON.stringify(a).startsWith('{"ok":true') ? [i] : []));
  expect(winners).toHaveLength(1);
  const won = winners.map((i) => notes[i]);
  const winner = names[people[winners[0] ?? 0] ?? ''] ?? '';
  for (const a of answers.filter((x) => !JSON.stringify(x).startsWith('{"ok":true')))
    expect(a).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: expect.stringMatching(new RegExp(`^${winner} changed this review`)),
      },
    });
  expect(forge.kvs.entity(FLOW_REVIEW_ENTITY.name, 'review-race-0001')).toMatchObject({
    revision: 2,
    review: { observations: won[0] },
  });
});

test("the next month's review lists the last one's decisions with their work items' status now", async () => {
  const store = new KvsStore();
  const june = forgeAt(JUNE, store);
  const first = reviewOf(
    await june.invoke('startReview', { reviewId: 'review-june-0001', projectKey: 'AEROGEAR' }, 'acc-lead'),
  );
  expect(first.period.label).toBe('2013-06-01');
  expect(first.previous).toBeNull();
  await june.invoke(
    'saveReview',
    {
      reviewId: 'review-june-0001',
      revision: 1,
      content: { decisions: [{ id: 'decision-june', text: 'Review the backlog', issueKey: 'AEROGEAR-10' }] },
    },
    'acc-lead',
  );
  const july = forgeAt(JULY, store);
  const next = reviewOf(
    await july.invoke('startReview', { reviewId: 'review-july-0001', projectKey: 'AEROGEAR' }, 'acc-lead'),
  );
  expect(next.period.label).toBe('2013-07-01');
  expect(next.previous).toMatchObject({
    id: 'review-june-0001',
    decisions: [{ text: 'Review the backlog', item: { key: 'AEROGEAR-10', visible: true } }],
  });
  const list = z
    .object({
      ok: z.literal(true),
      data: z.looseObject({ reviews: z.array(z.looseObject({ id: z.string() })) }),
    })
    .parse(await july.invoke('listReviews', { projectKey: 'AEROGEAR' }, 'acc-lead')).data;
  expect(list.reviews.map((r) => r.id)).toEqual(['review-july-0001', 'review-june-0001']);
});

test('a review of two spaces, opened by a person who may browse one: told it exists, shown nothing of it', async () => {
  const forge = forgeAt(JULY);
  const saved = await forge.invoke(
    'saveStream',
    {
      streamId: 'stream-review-001',
      revision: 0,
      stream: { name: 'Two teams', spaceKeys: ['AGPUSH', 'AEROGEAR'] },
    },
    'acc-lead',
  );
  expect(saved).toMatchObject({ ok: true });
  const review = reviewOf(
    await forge.invoke(
      'startReview',
      { reviewId: 'review-stream-001', streamId: 'stream-review-001' },
      'acc-lead',
    ),
  );
  expect(review.snapshot).toMatchObject({
    teams: [{ space: { key: 'AGPUSH' } }, { space: { key: 'AEROGEAR' } }],
  });
  const opened = await forge.invoke('getReview', { reviewId: 'review-stream-001' }, 'acc-dev');
  expect(opened).toEqual({
    ok: false,
    error: {
      code: 'NOT_PERMITTED',
      message: 'This review covers spaces you may not browse, so it is not shown to you.',
    },
  });
  const listed = await forge.invoke('listReviews', { streamId: 'stream-review-001' }, 'acc-dev');
  expect(listed).toMatchObject({ ok: true, data: { reviews: [], hidden: 1 } });
  expect(JSON.stringify(listed)).not.toMatch(/AEROGEAR|Aerogear|review-stream-001/);
  // Nor may they save or delete it.
  for (const [key, payload] of [
    ['saveReview', { reviewId: 'review-stream-001', revision: 1, content: { observations: 'x' } }],
    ['deleteReview', { reviewId: 'review-stream-001', revision: 1, confirm: true }],
  ] as const)
    expect(await forge.invoke(key, payload, 'acc-dev')).toMatchObject({
      ok: false,
      error: { code: 'NOT_PERMITTED' },
    });
});

test('a deleted review does not come back; only its starter and administrators delete it', async () => {
  const forge = forgeAt(JULY, new KvsStore({ latencyMs: 3 }));
  reviewOf(
    await forge.invoke('startReview', { reviewId: 'review-gone-0001', projectKey: 'AGPUSH' }, 'acc-dev'),
  );
  expect(
    await forge.invoke(
      'deleteReview',
      { reviewId: 'review-gone-0001', revision: 1, confirm: true },
      'acc-lead',
    ),
  ).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
  const [deleted, late] = await Promise.all([
    forge.invoke('deleteReview', { reviewId: 'review-gone-0001', revision: 1, confirm: true }, 'acc-dev'),
    forge.invoke(
      'saveReview',
      { reviewId: 'review-gone-0001', revision: 1, content: { observations: 'late' } },
      'acc-dev',
    ),
  ]);
  const outcomes = [deleted, late].map((a) =>
    JSON.stringify(a).startsWith('{"ok":true') ? 'ok' : 'refused',
  );
  expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
  // Whichever came first, the review ends deleted: a save that won is deleted after it.
  if (outcomes[1] === 'ok')
    expect(
      await forge.invoke(
        'deleteReview',
        { reviewId: 'review-gone-0001', revision: 2, confirm: true },
        'acc-dev',
      ),
    ).toMatchObject({ ok: true });
  for (const [key, payload] of [
    ['getReview', { reviewId: 'review-gone-0001' }],
    ['startReview', { reviewId: 'review-gone-0001', projectKey: 'AGPUSH' }],
    ['saveReview', { reviewId: 'review-gone-0001', revision: 3, content: { observations: 'later' } }],
  ] as const)
    expect(await forge.invoke(key, payload, 'acc-dev')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
});

const itemsOf = (key: string): number =>
  emulator.site.issues.filter((i) => i.key.startsWith(`${key}-`)).length;

async function reviewWithDecision(forge: VirtualForge, reviewId: string, text: string): Promise<void> {
  reviewOf(await forge.invoke('startReview', { reviewId, projectKey: 'AGPUSH' }, 'acc-dev'));
  reviewOf(
    await forge.invoke(
      'saveReview',
      { reviewId, revision: 1, content: { decisions: [{ id: 'decision-make', text }] } },
      'acc-dev',
    ),
  );
}

test('a decision creates its work item as the person, once, linked whatever saves race it', async () => {
  const forge = forgeAt(JULY, new KvsStore({ latencyMs: 4 }));
  await reviewWithDecision(forge, 'review-items-001', 'Split the review step\nso that it waits less');
  const before = itemsOf('AGPUSH');
  const ask = { reviewId: 'review-items-001', decisionId: 'decision-make', projectKey: 'AGPUSH' };
  // Someone saves the review while the work item is being created (after the decision was
  // claimed, before it is linked): both writes stay, the save's and the link.
  // Jira holds back the create's answer (a slow node), so that the save lands in between.
  emulator.injectFaults({ status: 'late', endpoint: 'POST /rest/api/3/issue', delayMs: 150 });
  const making = forge.invoke('createDecisionItem', { ...ask, writeId: 'write-click-01' }, 'acc-dev');
  const claimed = z.object({ revision: z.number(), review: z.object({ creating: z.unknown() }) });
  let entity = claimed.parse(forge.kvs.entity(FLOW_REVIEW_ENTITY.name, 'review-items-001'));
  while (entity.review.creating === null) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    entity = claimed.parse(forge.kvs.entity(FLOW_REVIEW_ENTITY.name, 'review-items-001'));
  }
  const during = await forge.invoke(
    'saveReview',
    {
      reviewId: 'review-items-001',
      revision: entity.revision,
      content: {
        observations: 'said during',
        decisions: [{ id: 'decision-make', text: 'Split the review step' }],
      },
    },
    'acc-lead',
  );
  expect(during).toMatchObject({ ok: true });
  const review = reviewOf(await making);
  const [decision] = review.decisions;
  expect(decision?.item).toMatchObject({ visible: true, summary: 'Split the review step' });
  expect(review.observations).toBe('said during');
  expect(itemsOf('AGPUSH')).toBe(before + 1);
  const stored = reviewOf(await forge.invoke('getReview', { reviewId: 'review-items-001' }, 'acc-dev'));
  expect(stored.decisions.find((d) => d.id === 'decision-make')?.item).toEqual(decision?.item);
  // The same click sent again, and another click later: the one work item, not a second.
  for (const writeId of ['write-click-01', 'write-click-02'])
    expect(
      reviewOf(await forge.invoke('createDecisionItem', { ...ask, writeId }, 'acc-dev')).decisions[0]?.item,
    ).toEqual(decision?.item);
  expect(itemsOf('AGPUSH')).toBe(before + 1);
});

test("two people creating the same decision's work item at once make one", async () => {
  const forge = forgeAt(JULY, new KvsStore({ latencyMs: 4 }));
  await reviewWithDecision(forge, 'review-items-002', 'Cap work in progress');
  const before = itemsOf('AGPUSH');
  const ask = { reviewId: 'review-items-002', decisionId: 'decision-make', projectKey: 'AGPUSH' };
  const answers = await Promise.all(
    (
      [
        ['write-both-001', 'acc-dev'],
        ['write-both-002', 'acc-admin'],
      ] as const
    ).map(([writeId, who]) => forge.invoke('createDecisionItem', { ...ask, writeId }, who)),
  );
  expect(answers.filter((a) => JSON.stringify(a).startsWith('{"ok":true'))).toHaveLength(1);
  expect(itemsOf('AGPUSH')).toBe(before + 1);
});

test('without permission to create work items in the space, nothing is created and the decision is free again', async () => {
  const forge = forgeAt(JULY);
  await reviewWithDecision(forge, 'review-items-003', 'Automate the release');
  const before = itemsOf('AGPUSH');
  const ask = { reviewId: 'review-items-003', decisionId: 'decision-make', projectKey: 'AGPUSH' };
  // The lead may browse AGPUSH but not create in it.
  expect(
    await forge.invoke('createDecisionItem', { ...ask, writeId: 'write-lead-001' }, 'acc-lead'),
  ).toMatchObject({
    ok: false,
    error: { code: 'NOT_PERMITTED' },
  });
  expect(itemsOf('AGPUSH')).toBe(before);
  expect(forge.kvs.entity(FLOW_REVIEW_ENTITY.name, 'review-items-003')).toMatchObject({
    review: { creating: null },
  });
  // A space the person may not see reads as one that does not exist.
  const hidden = await forge.invoke(
    'createDecisionItem',
    { ...ask, projectKey: 'DAEMON', writeId: 'write-dev-0001' },
    'acc-dev',
  );
  const absent = await forge.invoke(
    'createDecisionItem',
    { ...ask, projectKey: 'NOSUCH', writeId: 'write-dev-0001' },
    'acc-dev',
  );
  expect(JSON.stringify(hidden).replaceAll('DAEMON', 'KEY')).toBe(
    JSON.stringify(absent).replaceAll('NOSUCH', 'KEY'),
  );
  // Then the developer, who may create there, does.
  expect(
    reviewOf(await forge.invoke('createDecisionItem', { ...ask, writeId: 'write-dev-0002' }, 'acc-dev'))
      .decisions[0]?.item,
  ).toMatchObject({ visible: true, summary: 'Automate the release' });
});

test("the Markdown of a review: people's text cannot become markup, and the tables are the page's rows", async () => {
  const forge = forgeAt(JULY);
  reviewOf(
    await forge.invoke('startReview', { reviewId: 'review-markdown-1', projectKey: 'AGPUSH' }, 'acc-lead'),
  );
  const hostile = '# Not a heading | <script>alert(1)</script> [link](javascript:alert(1)) *bold*';
  const saved = await forge.invoke(
    'saveReview',
    {
      reviewId: 'review-markdown-1',
      revision: 1,
      content: {
        observations: `- not a list\n1. not a list either\n${hostile}`,
        decisions: [{ id: 'decision-md-01', text: hostile, issueKey: 'AGPUSH-57' }],
      },
    },
    'acc-lead',
  );
  const view = z.object({ ok: z.literal(true), data: z.custom<ReviewView>(() => true) }).parse(saved).data;
  const markdown = formatReviewMarkdown(view);
  for (const markup of ['<script>', '[link](', '*bold*']) expect(markdown).not.toContain(markup);
  expect(markdown).not.toMatch(/^# Not/m);
  expect(markdown).toContain('\\- not a list\n1\\. not a list either\n\\# Not a heading \\| \\<script\\>');
  expect(markdown).toMatch(/^1\. \\# Not a heading \\\| \\<script\\>.* — AGPUSH-57 \(.+\)$/m);
  for (const p of view.snapshot.periods)
    expect(markdown).toContain(`| ${periodRow(p, view.snapshot.period).join(' | ')} |`);
});

test('a create Jira does not confirm is not sent again, and its claim holds off a second one until it expires', async () => {
  const store = new KvsStore();
  const forge = forgeAt(JULY, store);
  await reviewWithDecision(forge, 'review-items-004', 'Record the release steps');
  const before = itemsOf('AGPUSH');
  const creates = (): number =>
    emulator.log.filter((e) => e.method === 'POST' && e.endpoint === '/rest/api/3/issue').length;
  const sent = creates();
  const ask = { reviewId: 'review-items-004', decisionId: 'decision-make', projectKey: 'AGPUSH' };
  emulator.injectFaults({ status: 502, endpoint: 'POST /rest/api/3/issue' });
  const unclear = await forge.invoke('createDecisionItem', { ...ask, writeId: 'write-unclear-1' }, 'acc-dev');
  expect(unclear).toMatchObject({
    ok: false,
    error: { code: 'JIRA_UNAVAILABLE', message: expect.stringContaining('did not confirm') },
  });
  expect(creates()).toBe(sent + 1);
  // Another click meanwhile is held off: Jira may have made the first one.
  expect(
    await forge.invoke('createDecisionItem', { ...ask, writeId: 'write-unclear-2' }, 'acc-dev'),
  ).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT' },
  });
  expect(
    reviewOf(await forge.invoke('getReview', { reviewId: 'review-items-004' }, 'acc-dev')),
  ).toMatchObject({
    creating: 'decision-make',
  });
  // Once the claim has expired, the decision may create one again.
  const later = forgeAt(JULY + 3 * 60_000, store);
  expect(
    reviewOf(await later.invoke('getReview', { reviewId: 'review-items-004' }, 'acc-dev')),
  ).toMatchObject({
    creating: null,
  });
  expect(
    reviewOf(await later.invoke('createDecisionItem', { ...ask, writeId: 'write-unclear-3' }, 'acc-dev'))
      .decisions[0]?.item,
  ).toMatchObject({ visible: true, summary: 'Record the release steps' });
  expect(itemsOf('AGPUSH')).toBe(before + 1);
  now = JULY;
});

test('a save that names only the observations keeps the decisions and their links', async () => {
  const forge = forgeAt(JULY);
  await reviewWithDecision(forge, 'review-partial-01', 'Keep me');
  const saved = reviewOf(
    await forge.invoke(
      'saveReview',
      { reviewId: 'review-partial-01', revision: 2, content: { observations: 'Only this' } },
      'acc-dev',
    ),
  );
  expect([saved.observations, saved.decisions.map((d) => d.text)]).toEqual(['Only this', ['Keep me']]);
});
