import {
  DEFAULT_REVIEW,
  DEFAULT_VIEW,
  formatReview,
  formatWindow,
  parseReview,
  parseTrend,
  parseWindow,
  type ReviewChoice,
  type WindowChoice,
} from '../page-view';

/**
 * What the value streams page shows, as its URL keeps it: the list (no query), one stream over a
 * window (`?stream=ID&weeks=26&trend=month`), its edit form (`&edit=1`), or a new stream's form
 * (`?new=1`). A view kept or sent opens the same stream over the same window.
 */
export type StreamsView =
  | { readonly kind: 'list' }
  | { readonly kind: 'new' }
  | {
      readonly kind: 'stream';
      readonly streamId: string;
      readonly tab: 'flow' | 'review' | 'agreements';
      readonly window: WindowChoice;
      readonly review: ReviewChoice;
      /** Null: the stream's own trend period, as its editor saved it. */
      readonly trend: 'week' | 'month' | null;
      readonly editing: boolean;
    };

const STREAM_ID = /^[A-Za-z0-9-]{8,64}$/;

export function parseStreamsView(search: string): StreamsView {
  const q = new URLSearchParams(search);
  if (q.get('new') === '1') return { kind: 'new' };
  const streamId = q.get('stream');
  if (streamId === null || !STREAM_ID.test(streamId)) return { kind: 'list' };
  return {
    kind: 'stream',
    streamId,
    tab: q.get('tab') === 'agreements' ? 'agreements' : q.get('tab') === 'review' ? 'review' : 'flow',
    window: parseWindow(q),
    review: parseReview(q),
    trend: q.get('trend') === 'week' || q.get('trend') === 'month' ? parseTrend(q) : null,
    editing: q.get('edit') === '1',
  };
}

export function formatStreamsView(view: StreamsView): string {
  const q = new URLSearchParams();
  if (view.kind === 'new') q.set('new', '1');
  if (view.kind === 'stream') {
    q.set('stream', view.streamId);
    if (view.tab !== 'flow') q.set('tab', view.tab);
    formatWindow(q, view.window, DEFAULT_VIEW.trend);
    formatReview(q, view.review);
    if (view.trend !== null) q.set('trend', view.trend);
    if (view.editing) q.set('edit', '1');
  }
  const text = q.toString();
  return text === '' ? '' : `?${text}`;
}

/** A stream opened from the list: the project page's default window. */
export function streamView(streamId: string): StreamsView {
  return {
    kind: 'stream',
    streamId,
    tab: 'flow',
    window: DEFAULT_VIEW.window,
    review: DEFAULT_REVIEW,
    trend: null,
    editing: false,
  };
}
