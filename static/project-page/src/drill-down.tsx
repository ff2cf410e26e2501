import { Modal } from '@forge/bridge';
import { DRILL_DOWN_RESOURCE } from '../../../src/resources';
import type { DrillContext } from '../../drill-down/src/drill-context';

/**
 * Opens the work items behind a count in Jira's own modal (`@forge/bridge`'s `Modal`, with a
 * resource of its own), which Jira places in the viewport, whatever part of this tall frame is
 * scrolled into view: a dialog drawn inside the frame sits at the frame's top, out of sight when a
 * count low on the page was clicked. Opened from the click itself, once: a re-render of the page
 * behind (a poll, a new payload object) must not open it again.
 */
export function openDrillDown(context: DrillContext): void {
  const modal = new Modal({ resource: DRILL_DOWN_RESOURCE, size: 'large', context: { ...context } });
  modal.open().catch((e: unknown) => {
    // Only the bridge itself failing lands here; the count stays on the page to click again.
    console.error('The drill-down did not open.', e);
  });
}
