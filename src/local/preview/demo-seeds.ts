import type { EmulatedSite } from '../emulator/site';
import type { KvsStore } from '../forge/kvs-store';
import type { LocalForge } from '../forge/local-forge';

/**
 * What the preview makes on its first start, through the app's own resolvers, so that its pages
 * have something to show: a value stream of the site's spaces, and on the demo a review of the
 * month before the clock's, for the next review to follow. Later starts leave them as people left
 * them: a deleted one stays deleted.
 */

/** Marks, in the preview's storage, that the demo stream was made once: a deleted one stays deleted. */
const DEMO_STREAM_SEEDED = 'preview:demo-stream-seeded';

/**
 * The first start of a preview makes one value stream of the site's spaces (at most 50), as its
 * first administrator, through the app's own resolver, so that the streams page has something to
 * show; later starts leave the streams as people left them.
 */
export async function seedDemoStream(forge: LocalForge, kvs: KvsStore, site: EmulatedSite): Promise<void> {
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

/** The preview's clock a month back: the first complete month before it is the one before the clock's. */
export const MONTH_BEFORE_MS = 29 * 86_400_000;

const DEMO_REVIEW_SEEDED = 'preview:demo-review-seeded';

/**
 * The demo's AGPUSH review of the month before the one a person reviews first (June 2013, on the
 * demo's clock), recorded by the AGPUSH lead with `forge`, whose clock is a month earlier, so that
 * July's review shows what June decided and what became of it. Its decisions are illustrative
 * (demo/README.md), on real work items; on another site nothing is made.
 */
export async function seedDemoReview(forge: LocalForge, kvs: KvsStore, site: EmulatedSite): Promise<void> {
  if (kvs.get(DEMO_REVIEW_SEEDED) !== undefined) return;
  const lead = site.users.find((u) => u.displayName.startsWith('Priya Push'));
  const linked = ['AGPUSH-67', 'AGPUSH-21', 'AGPUSH-84'];
  if (lead === undefined || !linked.every((key) => site.byKey.has(key))) return;
  const who = { accountId: lead.accountId };
  const reviewId = 'demo-review-agpush-0001';
  const started = await forge.invoke('startReview', { reviewId, projectKey: 'AGPUSH' }, who);
  if (!isOk(started) || !isSaved(started)) return;
  const saved = await forge.invoke(
    'saveReview',
    {
      reviewId,
      revision: 1,
      content: {
        observations:
          'Recorded by the preview on its first start, so that the next review has one to follow. The decisions are illustrative, on real AGPUSH work items.',
        decisions: [
          {
            id: 'demo-decision-0001',
            text: 'Finish the Admin UI mockup before more UI work starts',
            ownerAccountId: lead.accountId,
            issueKey: 'AGPUSH-67',
          },
          {
            id: 'demo-decision-0002',
            text: 'Merge the tutorials waiting in Pull Request Sent',
            ownerAccountId: lead.accountId,
            issueKey: 'AGPUSH-21',
          },
          {
            id: 'demo-decision-0003',
            text: 'Make the notification endpoint configurable',
            issueKey: 'AGPUSH-84',
          },
        ],
      },
    },
    who,
  );
  // Marked only once made: a start that found the figures still being read tries again next time.
  if (isOk(saved)) await kvs.handle('/api/v1/set', JSON.stringify({ key: DEMO_REVIEW_SEEDED, value: true }));
}

function isOk(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && 'ok' in answer && answer.ok === true;
}

/** A start answered with the review (not with the figures still being read). */
function isSaved(answer: unknown): boolean {
  if (typeof answer !== 'object' || answer === null || !('data' in answer)) return false;
  const data = answer.data;
  return typeof data === 'object' && data !== null && 'status' in data && data.status === 'saved';
}
