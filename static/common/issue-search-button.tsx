import Button from '@atlaskit/button/default/button';
import { router } from '@forge/bridge';
import type { ReactNode } from 'react';

/** Keys one issue search is opened with (a longer JQL makes too long an address). */
const SEARCH_MAX_KEYS = 100;

/** Opens Jira's issue search on these work items (the first hundred), in key order. */
export function OpenInIssueSearch({
  keys,
  spacing = 'default',
}: {
  keys: readonly string[];
  spacing?: 'default' | 'compact';
}): ReactNode {
  return (
    <Button
      spacing={spacing}
      onClick={() => {
        const jql = `key in (${keys.slice(0, SEARCH_MAX_KEYS).join(', ')}) ORDER BY key ASC`;
        void router.navigate(`/issues/?jql=${encodeURIComponent(jql)}`);
      }}
    >
      {keys.length > SEARCH_MAX_KEYS
        ? `Open the first ${SEARCH_MAX_KEYS} in issue search`
        : 'Open in issue search'}
    </Button>
  );
}
