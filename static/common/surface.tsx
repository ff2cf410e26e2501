import '@atlaskit/css-reset';
import { view } from '@forge/bridge';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * Starts a surface: follows Jira's light or dark theme (`view.theme.enable()` lets the host tell
 * the frame), then renders. Theming failing must not keep the panel from showing.
 */
export function startSurface(app: ReactNode): void {
  void setGlobalTheme({ colorMode: 'auto' }).catch(() => undefined);
  void view.theme.enable().catch(() => undefined);
  const root = document.getElementById('root');
  if (root === null) throw new Error('The page has no #root element.');
  createRoot(root).render(<StrictMode>{app}</StrictMode>);
}
