import { setBooleanFeatureFlagResolver } from '@atlaskit/platform-feature-flags';
import { getThemeStyles } from '@atlaskit/tokens/get-theme-styles';

export type ColorMode = 'light' | 'dark';

/**
 * What `view.theme.enable()` has Jira put on a frame's root element: every theme the styles below
 * define, and the colour mode in force (Atlassian's "Design tokens and theming" for Forge).
 */
export const THEME_ATTRIBUTE = 'dark:dark light:light shape:shape spacing:spacing typography:typography';

let styles: Promise<string> | null = null;

/**
 * Atlassian's token styles for the light and dark themes (with spacing, typography and shape),
 * which the preview's host gives a frame that enables theming, as Jira does. Built once.
 */
export function themeStyles(): Promise<string> {
  if (styles === null) {
    // Nobody initialises Atlaskit's feature gates here: every gate is off, without its warning.
    setBooleanFeatureFlagResolver(() => false);
    styles = getThemeStyles({
      colorMode: 'auto',
      light: 'light',
      dark: 'dark',
      shape: 'shape',
      spacing: 'spacing',
      typography: 'typography',
    }).then((sheets) =>
      sheets
        .filter((s) => s.id !== 'motion')
        .map((s) => s.css)
        .join('\n'),
    );
  }
  return styles;
}
