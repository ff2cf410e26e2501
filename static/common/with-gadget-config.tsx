import SectionMessage from '@atlaskit/section-message';
import type { ReactNode } from 'react';
import { FailurePanel, page, PageLoading } from './components';
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
      <div style={page}>
        <FailurePanel code="INTERNAL" message={state.message} />
      </div>
    );
  const config = read(state.context.gadgetConfiguration);
  if (config === null)
    return (
      <div style={page}>
        <SectionMessage title="Edit this gadget">{unconfigured}</SectionMessage>
      </div>
    );
  return children(config);
}
