import { Modal } from '@forge/bridge';
import { useEffect, type ReactNode } from 'react';
import type { Contract } from '../../../src/contract';
import type { FlowCount } from '../../../src/domain/flow-counts';
import { DRILL_DOWN_RESOURCE } from '../../../src/resources';

/**
 * Opens the work items behind a count in Jira's own modal (`@forge/bridge`'s `Modal`, with a
 * resource of its own), which Jira places in the viewport, whatever part of this tall frame is
 * scrolled into view: a dialog drawn inside the frame sits at the frame's top, out of sight when a
 * count low on the page was clicked. Renders nothing itself.
 */
export function DrillDown({
  count,
  payload,
  figuresAt,
  onClose,
}: {
  count: FlowCount;
  payload: Contract['getProjectItems']['payload'];
  /** When the figures on screen were computed (the view's generatedAt). */
  figuresAt: string;
  onClose: () => void;
}): ReactNode {
  useEffect(() => {
    const modal = new Modal({
      resource: DRILL_DOWN_RESOURCE,
      size: 'large',
      context: { count, payload, figuresAt },
      onClose,
    });
    modal.open().catch(onClose);
  }, [count, payload, figuresAt, onClose]);
  return null;
}
