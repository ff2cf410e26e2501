import { cssMap } from '@atlaskit/css';
import { Box } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import type { ReactNode } from 'react';
import type { BoardRef, SprintRef } from '../../../../src/contract-plan';
import { Subtle } from '../../../common/components';
import { NEXT_CHOICES } from '../page-view';
import { sprintLabel } from './plan-words';

const styles = cssMap({
  wide: { minWidth: '260px' },
  narrow: { minWidth: '150px' },
});

/** Which of the space's boards the plan is of. */
export function BoardChooser({
  boards,
  value,
  onChange,
}: {
  boards: readonly BoardRef[];
  value: number;
  onChange: (boardId: number) => void;
}): ReactNode {
  const options = boards.map((b) => ({ value: b.id, label: `${b.name} (${b.type})` }));
  return (
    <Box xcss={styles.wide}>
      <label htmlFor="plan-board">
        <Subtle>Board</Subtle>
      </label>
      <Select
        inputId="plan-board"
        label="Board"
        value={options.find((o) => o.value === value) ?? null}
        options={options}
        onChange={(o) => {
          if (o !== null) onChange(o.value);
        }}
      />
    </Box>
  );
}

/** Which open sprint is planned: the active one marked, then the future ones in Jira's order. */
export function SprintChooser({
  sprints,
  value,
  onChange,
}: {
  sprints: readonly SprintRef[];
  value: number | null;
  onChange: (sprintId: number) => void;
}): ReactNode {
  const options = sprints.map((s) => ({ value: s.id, label: sprintLabel(s) }));
  return (
    <Box xcss={styles.wide}>
      <label htmlFor="plan-sprint">
        <Subtle>Sprint</Subtle>
      </label>
      <Select
        inputId="plan-sprint"
        label="Sprint"
        value={options.find((o) => o.value === value) ?? null}
        options={options}
        onChange={(o) => {
          if (o !== null) onChange(o.value);
        }}
      />
    </Box>
  );
}

/** A Kanban board has no sprint: its plan is the backlog's next work items, in rank order. */
export function NextChooser({
  value,
  onChange,
}: {
  value: number;
  onChange: (next: number) => void;
}): ReactNode {
  const options = NEXT_CHOICES.map((n) => ({ value: n, label: `Next ${n} work items` }));
  return (
    <Box xcss={styles.narrow}>
      <label htmlFor="plan-next">
        <Subtle>Backlog</Subtle>
      </label>
      <Select
        inputId="plan-next"
        label="Backlog"
        value={options.find((o) => o.value === value) ?? null}
        options={options}
        onChange={(o) => {
          if (o !== null) onChange(o.value);
        }}
      />
    </Box>
  );
}
