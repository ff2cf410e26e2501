import { Modal } from '@forge/bridge';
import type { Contract } from '../../../src/contract';
import type { FlowCount } from '../../../src/domain/flow-counts';
import { DRILL_DOWN_RESOURCE } from '../../../src/resources';

/** What the drill-down's own frame is opened with: the count, and the figures it belongs to. */
export interface DrillDownContext {
  readonly count: FlowCount;
  readonly payload: Contract['getProjectItems']['payload'];
  /** When the figures on screen were computed (the view's generatedAt). */
  readonly figuresAt: string;
}

/**
 * Opens the work items behind a count in Jira's own modal (`@forge/bridge`'s `Modal`, with a
 * resource of its own), which Jira places in the viewport, whatever part of this tall frame is
 * scrolled into view: a dialog drawn inside the frame sits at the frame's top, out of sight when a
 * count low on the page was clicked. Opened from the click itself, once: a re-render of the page
 * behind (a poll, a new payload object) must not open it again.
 */
export function openDrillDown(context: DrillDownContext): void {
  const modal = new Modal({ resource: DRILL_DOWN_RESOURCE, size: 'large', context: { ...context } });
  modal.open().catch((e: unknown) => {
    // Only the bridge itself failing lands here; the count stays on the page to click again.
    console.error('The drill-down did not open.', e);
  });
}
