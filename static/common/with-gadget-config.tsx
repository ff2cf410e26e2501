import SectionMessage from '@atlaskit/section-message';
import type { ReactNode } from 'react';
import { FailurePanel, Page, PageLoading } from './components';
import { useSurfaceContext } from './use-surface';

/**
 * Renders a gadget's view with its saved configuration, or asks for one: a gadget just added to a
 * dashboard has none until someone edits it.
 */
export function WithGadgetConfig<T>({
  read,
  unconfigured,
  children,
}: {
  read: (raw: Readonly<Record<string, unknown>>) => T | null;
  unconfigured: string;
  children: (config: T) => ReactNode;
}): ReactNode {
  const state = useSurfaceContext();
  if (state.status === 'loading') return <PageLoading label="Loading…" />;
  if (state.status === 'failed')
    return (
      <Page>
        <FailurePanel code="INTERNAL" message={state.message} />
      </Page>
    );
  const config = read(state.context.gadgetConfiguration);
  if (config === null)
    return (
      <Page>
        <SectionMessage title="Edit this gadget">{unconfigured}</SectionMessage>
      </Page>
    );
  return children(config);
}

/**
 * A gadget configured on a space its viewer may not see (or that no longer exists): one message,
 * in the app's words, whichever gadget and whatever it asked, and the way on. A Forge gadget cannot
 * open its own edit view; Jira's gadget menu holds Edit.
 */
export function SpaceNotVisible({ message }: { message: string }): ReactNode {
  return (
    <SectionMessage appearance="warning" title="This gadget shows a space you cannot see">
      <p>{message}</p>
      <p>Choose Edit in this gadget's menu to pick a space you can see, or ask who set it up.</p>
    </SectionMessage>
  );
}
