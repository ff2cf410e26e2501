import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { IssueFlowView } from '../../../src/contract';
import type { FlowState } from '../../../src/domain/types';
import { BORDER, Outcome, MixBar, page, TEXT_SUBTLE, TypeLozenge } from '../../common/components';
import { date, days, percent, plural } from '../../common/format';
import { useCall } from '../../common/use-call';
import { WithSurfaceKey } from '../../common/use-surface';

const STATE_WORDS: Readonly<
  Record<FlowState, { label: string; appearance: 'default' | 'inprogress' | 'moved' | 'success' }>
> = {
  new: { label: 'Not started', appearance: 'default' },
  active: { label: 'Active', appearance: 'inprogress' },
  waiting: { label: 'Waiting', appearance: 'moved' },
  done: { label: 'Done', appearance: 'success' },
};

/** The issue's flow at a glance: what kind of work it is and why, and where its time went. */
export function IssueFlowPanel(): ReactNode {
  return <WithSurfaceKey needs="issue">{(issueKey) => <IssueFlow issueKey={issueKey} />}</WithSurfaceKey>;
}

function IssueFlow({ issueKey }: { issueKey: string }): ReactNode {
  const { state } = useCall('getIssueFlow', { issueKey });
  return (
    <Outcome state={state} loading="Reading the work item's history…">
      {(view) => <Panel view={view} />}
    </Outcome>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <>
      <dt style={{ color: TEXT_SUBTLE }}>{label}</dt>
      <dd style={{ margin: 0 }}>{children}</dd>
    </>
  );
}

function Panel({ view }: { view: IssueFlowView }): ReactNode {
  const state = STATE_WORDS[view.issue.status.state];
  const d = view.duration;
  return (
    <main style={page} aria-label={`Flow of ${view.issue.key}`}>
      <dl
        style={{
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr',
          gap: `${token('space.075')} ${token('space.200')}`,
          margin: 0,
        }}
      >
        <Row label="Flow item">
          <TypeLozenge type={view.classification.type} />{' '}
          <span style={{ color: TEXT_SUBTLE, fontSize: 12 }}>
            {view.classification.reason}
            {view.classification.conflictingTypes.length > 0
              ? `; also matched ${view.classification.conflictingTypes.join(', ')}`
              : ''}
          </span>
          {!view.isFlowItem && (
            <div style={{ color: TEXT_SUBTLE, fontSize: 12 }}>
              This {view.issue.issueType} is not at the space's flow-item level, so it is not counted in the
              space's metrics.
            </div>
          )}
        </Row>
        <Row label="Flow state">
          <Lozenge appearance={state.appearance}>
            {view.outcome === 'canceled' ? 'Canceled' : state.label}
          </Lozenge>{' '}
          <span style={{ color: TEXT_SUBTLE, fontSize: 12 }}>
            {view.issue.status.name}
            {view.issue.status.inferred ? ' (category inferred from the name)' : ''}
          </span>
        </Row>
        <Row label="Work started">{date(view.workStart)}</Row>
        <Row label={view.outcome === 'canceled' ? 'Canceled' : 'Completed'}>{date(view.completion)}</Row>
        {d.kind !== 'none' && (
          <Row label={d.kind === 'flowTime' ? 'Flow time' : 'Age'}>
            <strong>{days(d.days)}</strong>{' '}
            <span style={{ color: TEXT_SUBTLE, fontSize: 12 }}>
              {activeWaitingWords(d.activeDays, d.waitingDays, d.efficiency)}
            </span>
            <ActiveWaitingBar active={d.activeDays ?? 0} waiting={d.waitingDays ?? 0} />
          </Row>
        )}
        {d.kind === 'none' && (
          <Row label="Flow time">
            {view.completion !== null ? 'Completed without being started (no flow time)' : 'Not started yet'}
          </Row>
        )}
        {view.leadTimeDays !== null && <Row label="Lead time">{days(view.leadTimeDays)} from creation</Row>}
      </dl>
      {view.children !== null && (
        <section
          aria-label="Children"
          style={{
            marginTop: token('space.200'),
            borderTop: `1px solid ${BORDER}`,
            paddingTop: token('space.150'),
          }}
        >
          <h2 style={{ fontSize: 14, fontWeight: 600, margin: `0 0 ${token('space.100')}` }}>
            {view.children.counted === 0
              ? `None of its ${plural(view.children.total, 'child', 'children')} is at the space's flow-item level`
              : `${plural(view.children.counted, 'child work item')}${
                  view.children.counted < view.children.total
                    ? ` (of ${view.children.total}; the others are not at the space's flow-item level)`
                    : ''
                }`}
          </h2>
          {view.children.counted > 0 && (
            <>
              <MixBar label="Mix" shares={view.children.shares} counts={view.children.byType} />
              <div style={{ color: TEXT_SUBTLE, fontSize: 12 }}>
                {view.children.byOutcome.completed} done, {view.children.byOutcome['in-progress']} in
                progress, {view.children.byOutcome['not-started']} not started
                {view.children.byOutcome.canceled > 0 ? `, ${view.children.byOutcome.canceled} canceled` : ''}
              </div>
            </>
          )}
        </section>
      )}
    </main>
  );
}

/** The split in words, without repeating the total when one side is all of it. */
function activeWaitingWords(
  active: number | null,
  waiting: number | null,
  efficiency: number | null,
): string {
  if (active === null || waiting === null) return '';
  if (waiting === 0) return 'all of it active';
  if (active === 0) return 'all of it waiting';
  return `${days(active)} active, ${days(waiting)} waiting (${percent(efficiency)} efficient)`;
}

function ActiveWaitingBar({ active, waiting }: { active: number; waiting: number }): ReactNode {
  const total = active + waiting;
  if (total <= 0) return null;
  return (
    <div
      aria-hidden
      style={{
        display: 'flex',
        height: 6,
        borderRadius: 3,
        overflow: 'hidden',
        marginTop: token('space.050'),
        maxWidth: 320,
        background: token('color.background.neutral'),
      }}
    >
      <div style={{ width: `${(active / total) * 100}%`, background: token('color.chart.blue.bold') }} />
      <div style={{ width: `${(waiting / total) * 100}%`, background: token('color.chart.gray.bold') }} />
    </div>
  );
}
