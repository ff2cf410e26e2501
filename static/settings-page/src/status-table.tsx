import Lozenge from '@atlaskit/lozenge';
import { Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import type { ReactNode } from 'react';
import { normaliseName, StatusMapper } from '../../../src/domain/status-map';
import type { FlowState, KnownStatus, StatusCategory } from '../../../src/domain/types';
import { Cell, DataTable, HeadRow, RowHead } from '../../common/data-table';
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
const COLUMNS = [{ name: 'Status' }, { name: 'Jira category' }, { name: 'Counts as' }, { name: 'Pinned to' }];

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
    return (
      <Text as="p" color="color.text.subtle">
        Jira lists no statuses for this space&apos;s workflows.
      </Text>
    );
  }
  return (
    <DataTable label="Statuses" width="medium">
      <HeadRow columns={COLUMNS} />
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
              <RowHead>{status.name}</RowHead>
              <Cell>
                {status.category === null ? (
                  <Text color="color.text.subtle">none (read from its name)</Text>
                ) : (
                  <Lozenge appearance={CATEGORY_APPEARANCE[status.category]}>
                    {CATEGORY_LABELS[status.category]}
                  </Lozenge>
                )}
              </Cell>
              <Cell>
                {STATE_LABELS[mapping.state]}
                {mapping.overridden ? ' (pinned)' : ''}
              </Cell>
              <Cell control>
                <Select
                  label={`${status.name} pinned to`}
                  isDisabled={readOnly}
                  value={value}
                  options={options}
                  onChange={(o) => {
                    if (o !== null) choose(status, o.value);
                  }}
                />
              </Cell>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
