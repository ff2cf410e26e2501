import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { cssMap } from '@atlaskit/css';
import { Box, Inline } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { IsoWeekday } from '../../../src/domain/settings';
import { Field, Section } from '../../common/components';
import type { DraftErrors } from './draft';
import type { SectionProps } from './section-props';

const styles = cssMap({
  row: { marginBlockStart: token('space.100') },
});

const WEEKDAYS: readonly [IsoWeekday, string][] = [
  [1, 'Mon'],
  [2, 'Tue'],
  [3, 'Wed'],
  [4, 'Thu'],
  [5, 'Fri'],
  [6, 'Sat'],
  [7, 'Sun'],
];

/** The clock of the figures: time zone, working days, trend period, and the agreements' cadence. */
export function TimeSection({
  draft,
  update,
  readOnly,
  errors,
}: SectionProps & { errors: DraftErrors }): ReactNode {
  return (
    <Section title="Time">
      <Field label="Time zone (windows and days are counted in it)" id="tz">
        <Select
          inputId="tz"
          isDisabled={readOnly}
          value={{ value: draft.timeZone, label: draft.timeZone }}
          options={timeZones().map((z) => ({ value: z, label: z }))}
          onChange={(o) => {
            if (o !== null) update({ timeZone: o.value });
          }}
        />
      </Field>
      <Box xcss={styles.row}>
        <Inline space="space.100" alignBlock="center">
          <Toggle
            id="working-days"
            isChecked={draft.workingDays}
            isDisabled={readOnly}
            onChange={() => {
              update({ workingDays: !draft.workingDays });
            }}
            label="Count working days only"
          />
          <label htmlFor="working-days">
            Count working days only (off: calendar time, as the Flow Framework does)
          </label>
        </Inline>
      </Box>
      {(draft.workingDays || errors.holidays !== undefined) && (
        <>
          <Box xcss={styles.row} role="group" aria-label="Days off">
            <Inline space="space.100">
              {WEEKDAYS.map(([n, label]) => (
                <label key={n}>
                  <input
                    type="checkbox"
                    checked={draft.nonWorkingWeekdays.includes(n)}
                    onChange={() => {
                      update({
                        nonWorkingWeekdays: draft.nonWorkingWeekdays.includes(n)
                          ? draft.nonWorkingWeekdays.filter((d) => d !== n)
                          : [...draft.nonWorkingWeekdays, n].sort(),
                      });
                    }}
                  />{' '}
                  {label} off
                </label>
              ))}
            </Inline>
          </Box>
          <Field label="Holidays (YYYY-MM-DD, comma-separated)" id="holidays" error={errors.holidays}>
            <Textfield
              isDisabled={readOnly}
              id="holidays"
              isInvalid={errors.holidays !== undefined}
              aria-describedby={errors.holidays !== undefined ? 'holidays-error' : undefined}
              value={draft.holidays}
              onChange={(e) => {
                update({ holidays: e.currentTarget.value });
              }}
            />
          </Field>
        </>
      )}
      <Field label="Trend by" id="trend">
        <Select
          inputId="trend"
          isDisabled={readOnly}
          value={{ value: draft.trendPeriod, label: draft.trendPeriod === 'week' ? 'Week' : 'Month' }}
          options={[
            { value: 'week' as const, label: 'Week' },
            { value: 'month' as const, label: 'Month' },
          ]}
          onChange={(o) => {
            if (o !== null) update({ trendPeriod: o.value });
          }}
        />
      </Field>
      <Field label="Review debt agreements every (days)" id="cadence" error={errors.cadence}>
        <Textfield
          isDisabled={readOnly}
          id="cadence"
          type="number"
          isInvalid={errors.cadence !== undefined}
          aria-describedby={errors.cadence !== undefined ? 'cadence-error' : undefined}
          value={draft.reviewCadenceDays}
          onChange={(e) => {
            update({ reviewCadenceDays: e.currentTarget.value });
          }}
        />
      </Field>
      <Field
        label="A new debt agreement is due within (days)"
        id="repay-within"
        error={errors['repay-within']}
      >
        <Textfield
          isDisabled={readOnly}
          id="repay-within"
          type="number"
          isInvalid={errors['repay-within'] !== undefined}
          aria-describedby={errors['repay-within'] !== undefined ? 'repay-within-error' : undefined}
          value={draft.repayWithinDays}
          onChange={(e) => {
            update({ repayWithinDays: e.currentTarget.value });
          }}
        />
      </Field>
    </Section>
  );
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}
