import type { ReactNode } from 'react';
import { FailurePanel, Page, PageLoading } from '../../common/components';
import { startSurface } from '../../common/surface';
import { useSurfaceContext } from '../../common/use-surface';
import { ProjectTabs } from './project-flow-page';
import { StreamsPage } from './streams/streams-page';

/**
 * One resource, two pages: a space's Flow page (`jira:projectPage`) and the value streams
 * (`jira:globalPage`, in the apps menu), which share the figures' components. The app declares
 * every resource Forge allows, so a new page shares a build rather than adding one.
 */
function PageOfModule(): ReactNode {
  const state = useSurfaceContext();
  if (state.status === 'loading') return <PageLoading label="Loading…" />;
  if (state.status === 'failed')
    return (
      <Page>
        <FailurePanel code="INTERNAL" message={state.message} />
      </Page>
    );
  const { moduleType, projectKey } = state.context;
  if (moduleType === 'jira:globalPage') return <StreamsPage />;
  if (projectKey !== null) return <ProjectTabs projectKey={projectKey} />;
  return (
    <Page>
      <FailurePanel
        code="INTERNAL"
        message="This page was opened outside a space (project), so there is nothing to show."
      />
    </Page>
  );
}

startSurface(<PageOfModule />);
