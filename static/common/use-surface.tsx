import { useEffect, useState, type ReactNode } from 'react';
import { surfaceContext, type SurfaceContext } from './bridge';
import { takeEarlyContext } from './early-start';
import { FailurePanel, Page, PageLoading } from './components';

export type SurfaceState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly context: SurfaceContext }
  | { readonly status: 'failed'; readonly message: string };

/**
 * The extension context Jira gives the frame, once. A failure is a state of its own: a surface
 * that waited on a promise that rejected showed a spinner for ever.
 */
export function useSurfaceContext(): SurfaceState {
  const [state, setState] = useState<SurfaceState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    (takeEarlyContext() ?? surfaceContext()).then(
      (context) => {
        if (live) setState({ status: 'ready', context });
      },
      (e: unknown) => {
        if (live) setState({ status: 'failed', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

const WHERE: Readonly<Record<'project' | 'issue', string>> = {
  project: 'This page was opened outside a space (project), so there is nothing to show.',
  issue: 'This panel was opened outside a work item, so there is nothing to show.',
};

/**
 * Renders its children with the project or issue key of the context, or says plainly why it
 * cannot: the context failed, or the surface was opened where there is no such key.
 */
export function WithSurfaceKey({
  needs,
  children,
}: {
  needs: 'project' | 'issue';
  children: (key: string, context: SurfaceContext) => ReactNode;
}): ReactNode {
  const state = useSurfaceContext();
  if (state.status === 'loading') return <PageLoading label="Loading…" />;
  const key =
    state.status === 'ready'
      ? needs === 'project'
        ? state.context.projectKey
        : state.context.issueKey
      : null;
  if (state.status === 'failed' || key === null)
    return (
      <Page>
        <FailurePanel code="INTERNAL" message={state.status === 'failed' ? state.message : WHERE[needs]} />
      </Page>
    );
  return children(key, state.context);
}
