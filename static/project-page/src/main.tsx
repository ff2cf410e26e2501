import type { ReactNode } from 'react';
import { FailurePanel, Page, PageLoading } from '../../common/components';
import { startSurface } from '../../common/surface';
import { useSurfaceContext } from '../../common/use-surface';
import { PlanAction } from './plan/plan-action';
import { ProjectTabs } from './project-flow-page';
import { StreamsPage } from './streams/streams-page';

/**
 * One resource, four modules: a space's Flow page (`jira:projectPage`), the value streams
 * (`jira:globalPage`, in the apps menu), and the sprint and backlog actions' dialog of a board's
 * plan (`jira:sprintAction`, `jira:backlogAction`), which share the figures' components. The app
 * declares every resource Forge allows, so a new surface shares a build rather than adding one.
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
  const { moduleType, projectKey, boardId, sprintId } = state.context;
  if (moduleType === 'jira:globalPage') return <StreamsPage />;
  if (moduleType === 'jira:sprintAction') return <PlanAction boardId={boardId} sprintId={sprintId} />;
  if (moduleType === 'jira:backlogAction') return <PlanAction boardId={boardId} sprintId={null} />;
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
