import { act, render, screen } from '@testing-library/react';
import type { ProjectRefreshingView } from '../../src/contract';
import { Refreshing } from '../../static/common/refreshing';

/** A project too big for one call: the page shows how far the reading is, and asks again. */

const view = (done: number): ProjectRefreshingView => ({
  status: 'refreshing',
  project: { id: '20000', key: 'BENCH', name: 'Big project' },
  progress: { done, total: 50_000 },
  startedAt: '2026-06-01T00:00:00.000Z',
});

test('shows the work items read so far as a progress bar, and asks again every few seconds', () => {
  jest.useFakeTimers();
  try {
    const poll = jest.fn();
    const { rerender } = render(<Refreshing name="Big project" view={view(10_000)} poll={poll} />);
    expect(screen.getByRole('status').textContent).toContain(
      'Reading Big project for the first time: 10,000 of 50,000 work items',
    );
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('0.2');
    expect(bar.getAttribute('aria-label')).toBe('Work items read: 20 %');
    expect(poll).not.toHaveBeenCalled();
    act(() => {
      jest.advanceTimersByTime(5000);
    });
    expect(poll).toHaveBeenCalledTimes(1);

    // The next answer moves the bar and waits again; one poll per answer, never two at once.
    rerender(<Refreshing name="Big project" view={view(35_000)} poll={poll} />);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0.7');
    act(() => {
      jest.advanceTimersByTime(4999);
    });
    expect(poll).toHaveBeenCalledTimes(1);
    act(() => {
      jest.advanceTimersByTime(1);
    });
    expect(poll).toHaveBeenCalledTimes(2);
  } finally {
    jest.useRealTimers();
  }
});
