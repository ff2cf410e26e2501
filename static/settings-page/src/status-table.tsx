import Lozenge from '@atlaskit/lozenge';
import Select from '@atlaskit/select';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { normaliseName, StatusMapper } from '../../../src/domain/status-map';
import type { FlowState, KnownStatus, StatusCategory } from '../../../src/domain/types';
import { BORDER, TEXT_SUBTLE } from '../../common/components';
import { draftStatusOverrides, draftWaitingKeywords, type Draft } from './draft';

/** Jira's own words for its status categories. */
const CATEGORY_LABELS: Readonly<Record<StatusCategory, string>> = {
  new: 'To Do',
  indeterminate: 'In Progress',
  done: 'Done',
};
const CATEGORY_APPEARANCE = { new: 'default', indeterminate: 'inprogress', done: 'success' } as const;

export const STATE_LABELS: Readonly<Record<FlowState, string>> = {
  new: 'New (not started)',
  waiting: 'Waiting',
  active: 'Active',
  done: 'Done',
};
const FOLLOW = 'follow';
type Choice = FlowState | typeof FOLLOW;

/** Whether a pin of the draft names this status (by its id, or by its name). */
export function pinsStatus(pin: Draft['overrides'][number], status: KnownStatus): boolean {
  if (pin.by === 'id') return status.id !== null && pin.status.trim() === status.id;
  return normaliseName(pin.status) === normaliseName(status.name);
}

/**
 * The project's statuses, each with its Jira category and the flow state it counts as under the
 * settings being edited (the domain's own mapping, so the table cannot disagree with the figures),
 * and a list to pin it to another.
 */
export function StatusTable({
  statuses,
  draft,
  update,
  readOnly,
}: {
  statuses: readonly KnownStatus[];
  draft: Draft;
  update: (change: Partial<Draft>) => void;
  readOnly: boolean;
}): ReactNode {
  const mapper = new StatusMapper(statuses, {
    statusOverrides: draftStatusOverrides(draft),
    waitingStatusKeywords: draftWaitingKeywords(draft),
  });
  const choose = (status: KnownStatus, choice: Choice): void => {
    const others = draft.overrides.filter((o) => !pinsStatus(o, status));
    const pin =
      choice === FOLLOW
        ? []
        : [
            status.id !== null
              ? { by: 'id' as const, status: status.id, state: choice }
              : { by: 'name' as const, status: status.name, state: choice },
          ];
    update({ overrides: [...others, ...pin] });
  };
  if (statuses.length === 0) {
    return <p style={{ color: TEXT_SUBTLE }}>Jira lists no statuses for this space&apos;s workflows.</p>;
  }
  const cell = {
    padding: `${token('space.075')} ${token('space.100')}`,
    borderBottom: `1px solid ${BORDER}`,
  };
  const head = { ...cell, color: TEXT_SUBTLE, fontWeight: 600, textAlign: 'left' as const };
  return (
    <table style={{ borderCollapse: 'collapse', width: '100%', maxWidth: 760 }} aria-label="Statuses">
      <thead>
        <tr>
          <th scope="col" style={head}>
            Status
          </th>
          <th scope="col" style={head}>
            Jira category
          </th>
          <th scope="col" style={head}>
            Counts as
          </th>
          <th scope="col" style={head}>
            Pinned to
          </th>
        </tr>
      </thead>
      <tbody>
        {statuses.map((status) => {
          const mapping = mapper.map(status);
          const pinned = draft.overrides.find((o) => pinsStatus(o, status));
          const options: { value: Choice; label: string }[] = [
            { value: FOLLOW, label: 'Its category' },
            ...(['new', 'active', 'waiting', 'done'] as const).map((s) => ({
              value: s,
              label: STATE_LABELS[s],
            })),
          ];
          const value = options.find((o) => o.value === (pinned?.state ?? FOLLOW));
          return (
            <tr key={`${status.id ?? ''}:${status.name}`}>
              <th scope="row" style={{ ...cell, textAlign: 'left', fontWeight: 400 }}>
                {status.name}
              </th>
              <td style={cell}>
                {status.category === null ? (
                  <span style={{ color: TEXT_SUBTLE }}>none (read from its name)</span>
                ) : (
                  <Lozenge appearance={CATEGORY_APPEARANCE[status.category]}>
                    {CATEGORY_LABELS[status.category]}
                  </Lozenge>
                )}
              </td>
              <td style={cell}>
                {STATE_LABELS[mapping.state]}
                {mapping.overridden ? ' (pinned)' : ''}
              </td>
              <td style={{ ...cell, minWidth: 190 }}>
                <Select
                  label={`${status.name} pinned to`}
                  isDisabled={readOnly}
                  value={value}
                  options={options}
                  onChange={(o) => {
                    if (o !== null) choose(status, o.value);
                  }}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
