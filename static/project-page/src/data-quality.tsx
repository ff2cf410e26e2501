import Button from '@atlaskit/button/default/button';
import { token } from '@atlaskit/tokens';
import { useState, type ReactNode } from 'react';
import type { DataQualityFinding } from '../../../src/domain/data-quality';
import { IssueLink, TEXT_SUBTLE } from '../../common/components';
import { plural } from '../../common/format';
import { OpenInIssueSearch } from '../../common/issue-search-button';

/** Keys linked at first; the rest on asking. */
const SHOWN = 50;

/** What the figures rest on that the team may want to fix in Jira, with the work items concerned. */
export function DataQuality({ findings }: { findings: readonly DataQualityFinding[] }): ReactNode {
  if (findings.length === 0)
    return <p style={{ color: TEXT_SUBTLE }}>Nothing to report: every work item read as expected.</p>;
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {findings.map((f) => (
        <li key={f.code} style={{ marginBottom: token('space.100') }}>
          <details>
            <summary style={{ cursor: 'pointer' }}>
              <strong>{plural(f.count, 'work item')}</strong>: {f.description}
            </summary>
            {f.details !== undefined && (
              <ul style={{ color: TEXT_SUBTLE, fontSize: 12 }}>
                {f.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
            {f.issues.length > 0 && <Keys keys={f.issues} />}
          </details>
        </li>
      ))}
    </ul>
  );
}

function Keys({ keys }: { keys: readonly string[] }): ReactNode {
  const [all, setAll] = useState(false);
  const shown = all ? keys : keys.slice(0, SHOWN);
  return (
    <div style={{ fontSize: 12, margin: `${token('space.050')} 0 0` }}>
      <p style={{ margin: 0, lineHeight: '20px' }}>
        {shown.map((key, i) => (
          <span key={key}>
            {i > 0 ? ', ' : ''}
            <IssueLink issueKey={key} />
          </span>
        ))}
      </p>
      <div style={{ display: 'flex', gap: token('space.100'), marginTop: token('space.050') }}>
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
      </div>
    </div>
  );
}
