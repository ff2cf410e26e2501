import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import { Box } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { FLOW_STATES, type FlowState, type KnownStatus } from '../../../src/domain/types';
import type { Draft } from './draft';
import type { SectionProps } from './section-props';
import { pinsStatus, STATE_LABELS } from './status-table';

const styles = cssMap({
  row: {
    display: 'grid',
    gridTemplateColumns: '120px 1fr 180px auto',
    gap: token('space.100'),
    alignItems: 'center',
    paddingBlock: token('space.075'),
  },
});

const stateOption = (s: FlowState): { value: FlowState; label: string } => ({
  value: s,
  label: STATE_LABELS[s],
});

/** Pins of statuses no workflow holds any more (old changelogs name them), by name or id. */
export function OverrideList({
  draft,
  update,
  readOnly,
  statuses,
}: SectionProps & { statuses: readonly KnownStatus[] }): ReactNode {
  const set = (i: number, change: Partial<Draft['overrides'][number]>): void => {
    update({ overrides: draft.overrides.map((o, j) => (j === i ? { ...o, ...change } : o)) });
  };
  // Pins of the workflows' statuses are edited in the table above; these are the others.
  const others = draft.overrides
    .map((o, i) => ({ o, i }))
    .filter(({ o }) => !statuses.some((s) => pinsStatus(o, s)));
  return (
    <div>
      {others.map(({ o, i }) => (
        <Box key={i} xcss={styles.row} role="group" aria-label={`Status ${i + 1}`}>
          <Select
            label={`Status ${i + 1} matched by`}
            isDisabled={readOnly}
            value={{ value: o.by, label: o.by === 'name' ? 'Status name' : 'Status id' }}
            options={[
              { value: 'name' as const, label: 'Status name' },
              { value: 'id' as const, label: 'Status id' },
            ]}
            onChange={(v) => {
              if (v !== null) set(i, { by: v.value });
            }}
          />
          <Textfield
            aria-label={`Status ${i + 1}`}
            value={o.status}
            onChange={(e) => {
              set(i, { status: e.currentTarget.value });
            }}
          />
          <Select
            label={`Status ${i + 1} flow state`}
            isDisabled={readOnly}
            value={stateOption(o.state)}
            options={FLOW_STATES.map(stateOption)}
            onChange={(v) => {
              if (v !== null) set(i, { state: v.value });
            }}
          />
          <Button
            isDisabled={readOnly}
            onClick={() => {
              update({ overrides: draft.overrides.filter((_, j) => j !== i) });
            }}
          >
            Remove
          </Button>
        </Box>
      ))}
      <Button
        isDisabled={readOnly}
        onClick={() => {
          update({ overrides: [...draft.overrides, { by: 'name', status: '', state: 'waiting' }] });
        }}
      >
        Pin a status
      </Button>
    </div>
  );
}
