import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { DataQualityFinding } from '../../../src/domain/data-quality';
import { TEXT_SUBTLE } from '../../common/components';
import { plural } from '../../common/format';

const SHOWN = 20;

/** What the figures rest on that the team may want to fix in Jira, with the issues concerned. */
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
            <p style={{ fontSize: 12, color: TEXT_SUBTLE, margin: `${token('space.050')} 0 0` }}>
              {f.issues.slice(0, SHOWN).join(', ')}
              {f.issues.length > SHOWN ? `, and ${f.issues.length - SHOWN} more` : ''}
            </p>
          </details>
        </li>
      ))}
    </ul>
  );
}
