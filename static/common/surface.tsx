import '@atlaskit/css-reset';
import { view } from '@forge/bridge';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * Starts a surface: asks the host for Jira's theme, then renders. `view.theme.enable()` has the
 * host put the theme's token styles and `data-color-mode` into the frame and follow later changes,
 * so the app ships no theme of its own; until then, and where theming fails, tokens fall back to
 * their light values. Theming failing must not keep the panel from showing.
 */
export function startSurface(app: ReactNode): void {
  void view.theme.enable().catch(() => undefined);
  const root = document.getElementById('root');
  if (root === null) throw new Error('The page has no #root element.');
  createRoot(root).render(<StrictMode>{app}</StrictMode>);
}
