import { fireEvent, render, screen } from '@testing-library/react';
import { DEFAULT_VIEW, formatView, parseView } from '../../static/project-page/src/page-view';
import { WindowPicker } from '../../static/project-page/src/window-picker';

/** The project page's view as its URL keeps it, and the custom window asked for once, when applied. */

test('a view and its query: the default is no query, every view comes back as it went', () => {
  expect(formatView(DEFAULT_VIEW)).toBe('');
  for (const view of [
    { tab: 'agreements', window: { kind: 'recent', weeks: 4 }, trend: 'month', review: DEFAULT_VIEW.review },
    {
      tab: 'flow',
      window: { kind: 'custom', from: '2013-06-01', to: '2013-06-30' },
      trend: 'week',
      review: DEFAULT_VIEW.review,
    },
    {
      tab: 'review',
      window: DEFAULT_VIEW.window,
      trend: 'week',
      review: { periods: 9, by: 'week', reviewId: 'be38b50e-35e5-4de8-9b8b-34db69eaf185' },
    },
  ] as const)
    expect(parseView(formatView(view))).toEqual(view);
});

test('a query that names a window wrongly gives the default window, not a broken page', () => {
  expect(parseView('?weeks=5').window).toEqual(DEFAULT_VIEW.window);
  expect(parseView('?from=2013-06-30&to=2013-06-01').window).toEqual(DEFAULT_VIEW.window);
  expect(parseView('?from=2013-02-30&to=2013-03-01').window).toEqual(DEFAULT_VIEW.window);
  expect(parseView('?tab=<script>&trend=year')).toEqual(DEFAULT_VIEW);
  expect(parseView('?tab=review&periods=7&by=year&review=<script>').review).toEqual(DEFAULT_VIEW.review);
});

test('custom dates are asked for once, on Apply, however many keystrokes made a date on the way', () => {
  const chosen: unknown[] = [];
  render(
    <WindowPicker
      value={{ kind: 'custom', from: '2013-05-10', to: '2013-08-01' }}
      current={{ from: '2013-05-10', to: '2013-08-01' }}
      today="2013-08-01"
      onChange={(w) => chosen.push(w)}
    />,
  );
  const from = screen.getByRole('textbox', { name: 'From' });
  const to = screen.getByRole('textbox', { name: 'To' });
  for (const text of ['2013-06-0', '2013-06-01', '2013-06-1', '2013-06-15'])
    fireEvent.change(from, { target: { value: text } });
  fireEvent.change(to, { target: { value: '2013-07-31' } });
  expect(chosen).toEqual([]);
  expect(screen.getByText(/The figures are still for 2013-05-10 to 2013-08-01/)).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
  expect(chosen).toEqual([{ kind: 'custom', from: '2013-06-15', to: '2013-07-31' }]);
});
