import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useState, type ReactNode } from 'react';
import type { DataQualityFinding } from '../../../src/domain/data-quality';
import { IssueLink, Subtle } from '../../common/components';
import { plural } from '../../common/format';
import { OpenInIssueSearch } from '../../common/issue-search-button';

const styles = cssMap({
  findings: {
    listStyle: 'none',
    paddingBlock: token('space.0'),
    paddingInline: token('space.0'),
    marginBlock: token('space.0'),
  },
  summary: { cursor: 'pointer' },
  keys: { marginBlockStart: token('space.050') },
});

/** Keys linked at first; the rest on asking. */
const SHOWN = 50;

/** What the figures rest on that the team may want to fix in Jira, with the work items concerned. */
export function DataQuality({ findings }: { findings: readonly DataQualityFinding[] }): ReactNode {
  if (findings.length === 0)
    return (
      <Text as="p" color="color.text.subtle">
        Nothing to report: every work item read as expected.
      </Text>
    );
  return (
    <Stack as="ul" space="space.100" xcss={styles.findings}>
      {findings.map((f) => (
        <li key={f.code}>
          <details>
            <Box as="summary" xcss={styles.summary}>
              <strong>{plural(f.count, 'work item')}</strong>: {f.description}
            </Box>
            {f.details !== undefined && (
              <ul>
                {f.details.map((d) => (
                  <li key={d}>
                    <Subtle>{d}</Subtle>
                  </li>
                ))}
              </ul>
            )}
            {f.issues.length > 0 && <Keys keys={f.issues} />}
          </details>
        </li>
      ))}
    </Stack>
  );
}

function Keys({ keys }: { keys: readonly string[] }): ReactNode {
  const [all, setAll] = useState(false);
  const shown = all ? keys : keys.slice(0, SHOWN);
  return (
    <Stack space="space.050" xcss={styles.keys}>
      <Text as="p" size="small">
        {shown.map((key, i) => (
          <span key={key}>
            {i > 0 ? ', ' : ''}
            <IssueLink issueKey={key} />
          </span>
        ))}
      </Text>
      <Inline space="space.100">
        {keys.length > SHOWN && (
          <Button
            spacing="compact"
            onClick={() => {
              setAll(!all);
            }}
          >
            {all ? `Show the first ${SHOWN}` : `Show all ${keys.length}`}
          </Button>
        )}
        <OpenInIssueSearch keys={keys} spacing="compact" />
      </Inline>
    </Stack>
  );
}
