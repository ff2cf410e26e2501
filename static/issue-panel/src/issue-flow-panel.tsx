import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { cssMap, cx } from '@atlaskit/css';
import { Box, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { IssueFlowView } from '../../../src/contract';
import type { FlowState } from '../../../src/domain/types';
import { MixBar, Outcome, Page, Subtle, TypeLozenge } from '../../common/components';
import { dayIn, days, percent, plural } from '../../common/format';
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

/** One colour per flow state, the same in the split bar and the timeline. */
const STATE_COLORS: Readonly<Record<FlowState, string>> = {
  new: token('color.chart.gray.bolder'),
  active: token('color.chart.blue.bold'),
  waiting: token('color.chart.yellow.bold'),
  done: token('color.chart.green.bold'),
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

const styles = cssMap({
  rows: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    // Each label on the line of the first words of its value, lozenges and bars below them.
    alignItems: 'baseline',
    rowGap: token('space.075'),
    columnGap: token('space.200'),
    marginBlock: token('space.0'),
    marginInline: token('space.0'),
  },
  value: { marginBlock: token('space.0'), marginInline: token('space.0') },
  children: {
    marginBlockStart: token('space.200'),
    paddingBlockStart: token('space.150'),
    borderBlockStartWidth: token('border.width'),
    borderBlockStartStyle: 'solid',
    borderBlockStartColor: token('color.border'),
  },
  // A bar of stretches, as long as each lasted; the stretches' widths and colours are the data.
  bar: {
    display: 'flex',
    height: '10px',
    borderRadius: token('radius.small'),
    overflow: 'hidden',
    backgroundColor: token('color.background.neutral'),
  },
  splitBar: { height: '6px', marginBlockStart: token('space.050'), maxWidth: '320px' },
  timeline: { maxWidth: '320px' },
});

function Row({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <>
      <dt>
        <Text color="color.text.subtle">{label}</Text>
      </dt>
      <Box as="dd" xcss={styles.value}>
        {children}
      </Box>
    </>
  );
}

function Panel({ view }: { view: IssueFlowView }): ReactNode {
  const state = STATE_WORDS[view.issue.status.state];
  const d = view.duration;
  return (
    <Page as="main" label={`Flow of ${view.issue.key}`}>
      <Box as="dl" xcss={styles.rows}>
        <Row label="Flow item">
          {view.isFlowItem ? (
            <>
              <TypeLozenge type={view.classification.type} />{' '}
              <Subtle>
                {view.classification.reason}
                {view.classification.conflictingTypes.length > 0
                  ? `; also matched ${view.classification.conflictingTypes.join(', ')}`
                  : ''}
              </Subtle>
            </>
          ) : (
            // Not counted, so not classified: a type it was never given would read as a finding.
            <Subtle>
              Not one: this space counts {view.flowItemLevel === 1 ? 'epics' : 'stories, tasks and bugs'} as
              flow items, so a {view.issue.issueType.toLowerCase()} is not counted in its metrics
              {view.children !== null ? '; its children are, below.' : '.'}
            </Subtle>
          )}
        </Row>
        <Row label="Flow state">
          <Lozenge appearance={state.appearance}>
            {view.outcome === 'canceled' ? 'Canceled' : state.label}
          </Lozenge>{' '}
          <Subtle>
            {view.issue.status.name}
            {view.issue.status.inferred ? ' (category inferred from the name)' : ''}
          </Subtle>
        </Row>
        <Row label="Work started">{dayIn(view.workStart, view.timeZone)}</Row>
        <Row label={view.outcome === 'canceled' ? 'Canceled' : 'Completed'}>
          {dayIn(view.completion, view.timeZone)}
        </Row>
        {d.kind !== 'none' && (
          <Row label={d.kind === 'flowTime' ? 'Flow time' : 'Age'}>
            <strong>{days(d.days)}</strong>{' '}
            <Subtle>{activeWaitingWords(d.activeDays, d.waitingDays, d.efficiency)}</Subtle>
            <ActiveWaitingBar active={d.activeDays ?? 0} waiting={d.waitingDays ?? 0} />
          </Row>
        )}
        {d.kind === 'none' && (
          <Row label="Flow time">
            {view.completion !== null ? 'Completed without being started (no flow time)' : 'Not started yet'}
          </Row>
        )}
        {view.leadTimeDays !== null && <Row label="Lead time">{days(view.leadTimeDays)} from creation</Row>}
        {view.states.length > 0 && (
          <Row label="States">
            <StateTimeline runs={view.states} timeZone={view.timeZone} />
          </Row>
        )}
      </Box>
      {view.children !== null && (
        <Box as="section" aria-label="Children" xcss={styles.children}>
          <Heading size="xsmall" as="h2">
            {view.children.counted === 0
              ? `None of its ${plural(view.children.total, 'child', 'children')} is at the space's flow-item level`
              : `${plural(view.children.counted, 'child work item')}${
                  view.children.counted < view.children.total
                    ? ` (of ${view.children.total}; the others are not at the space's flow-item level)`
                    : ''
                }`}
          </Heading>
          {view.children.counted > 0 && (
            <>
              <MixBar label="Mix" shares={view.children.shares} counts={view.children.byType} />
              <Subtle block>
                {view.children.byOutcome.completed} done, {view.children.byOutcome['in-progress']} in
                progress, {view.children.byOutcome['not-started']} not started
                {view.children.byOutcome.canceled > 0 ? `, ${view.children.byOutcome.canceled} canceled` : ''}
              </Subtle>
            </>
          )}
        </Box>
      )}
    </Page>
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
    <Box aria-hidden xcss={cx(styles.bar, styles.splitBar)}>
      <div style={{ width: `${(active / total) * 100}%`, background: STATE_COLORS.active }} />
      <div style={{ width: `${(waiting / total) * 100}%`, background: STATE_COLORS.waiting }} />
    </Box>
  );
}

const MS_PER_DAY = 86_400_000;

/**
 * Its life since creation as one bar, each stretch in a flow state as long as it lasted, and the
 * same in words: where a work item waited, at a glance.
 */
function StateTimeline({ runs, timeZone }: { runs: IssueFlowView['states']; timeZone: string }): ReactNode {
  const spans = runs.map((r) => ({ ...r, ms: Math.max(0, Date.parse(r.to) - Date.parse(r.from)) }));
  const total = spans.reduce((n, r) => n + r.ms, 0);
  const words = spans.map((r, i) =>
    i === spans.length - 1 && r.state === 'done'
      ? STATE_WORDS.done.label
      : `${STATE_WORDS[r.state].label} ${days(r.ms / MS_PER_DAY)}`,
  );
  return (
    <Box xcss={styles.timeline}>
      <Box role="img" aria-label={`States since creation: ${words.join(', then ')}`} xcss={styles.bar}>
        {total > 0 &&
          spans.map((r) => (
            <div
              key={r.from}
              title={`${STATE_WORDS[r.state].label}: ${dayIn(r.from, timeZone)} to ${dayIn(r.to, timeZone)}`}
              // A stretch of minutes still shows: a change of state is what a reader looks for.
              style={{ flexGrow: r.ms / total, flexBasis: 2, minWidth: 2, background: STATE_COLORS[r.state] }}
            />
          ))}
      </Box>
      <Subtle block>{words.join(' → ')}</Subtle>
    </Box>
  );
}
