import Button from '@atlaskit/button/default/button';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { token } from '@atlaskit/tokens';
import { useState, type ReactNode } from 'react';
import type { SettingsView } from '../../../src/contract';
import { DEFAULT_SETTINGS, type IsoWeekday } from '../../../src/domain/settings';
import {
  FLOW_STATES,
  FLOW_TYPES,
  type FlowState,
  type FlowType,
  type KnownStatus,
} from '../../../src/domain/types';

import { BORDER, Outcome, page, Section, TEXT_SUBTLE } from '../../common/components';
import { MutationFailure } from '../../common/error-panel';
import { plural, TYPE_LABELS } from '../../common/format';
import { useCall } from '../../common/use-call';
import { useMutation } from '../../common/use-mutation';
import { WithSurfaceKey } from '../../common/use-surface';
import { targetFieldId, toDraft, toSettings, type Draft, type DraftErrors } from './draft';
import { pinsStatus, STATE_LABELS, StatusTable } from './status-table';

const WEEKDAYS: readonly [IsoWeekday, string][] = [
  [1, 'Mon'],
  [2, 'Tue'],
  [3, 'Wed'],
  [4, 'Thu'],
  [5, 'Fri'],
  [6, 'Sat'],
  [7, 'Sun'],
];
const typeOption = (t: FlowType): { value: FlowType; label: string } => ({
  value: t,
  label: TYPE_LABELS[t].replace(/s$/, ''),
});
const stateOption = (s: FlowState): { value: FlowState; label: string } => ({
  value: s,
  label: STATE_LABELS[s],
});

/** Project settings: how issues become flow items, how statuses become flow states, and the targets. */
export function SettingsPage(): ReactNode {
  return (
    <WithSurfaceKey needs="project">{(projectKey) => <Settings projectKey={projectKey} />}</WithSurfaceKey>
  );
}

function Settings({ projectKey }: { projectKey: string }): ReactNode {
  const { state, reload } = useCall('getSettings', { projectKey });
  return (
    <Outcome state={state} loading="Reading the space's settings…">
      {(loaded) => <SettingsForm key={loaded.revision} loaded={loaded} onReload={reload} />}
    </Outcome>
  );
}

function SettingsForm({ loaded, onReload }: { loaded: SettingsView; onReload: () => void }): ReactNode {
  const [view, setView] = useState(loaded);
  const [draft, setDraft] = useState<Draft>(() => toDraft(loaded.settings));
  const [fieldErrors, setFieldErrors] = useState<DraftErrors>({});
  const save = useMutation('saveSettings');
  const saving = save.state.status === 'running';
  const readOnly = !view.canEdit;
  const update = (change: Partial<Draft>): void => {
    setDraft((d) => ({ ...d, ...change }));
    save.reset();
    setFieldErrors({});
  };

  const submit = async (): Promise<void> => {
    const checked = toSettings(draft);
    if (!checked.ok) {
      // Nothing is sent while a field does not parse; each says what it wants.
      setFieldErrors(checked.errors);
      save.reset();
      return;
    }
    const result = await save.run({
      projectKey: view.projectKey,
      revision: view.revision,
      settings: checked.settings,
    });
    if (result.ok) {
      setView(result.data);
      setDraft(toDraft(result.data.settings));
    }
  };

  return (
    <main style={page}>
      <h1 style={{ fontSize: 24, lineHeight: '28px', fontWeight: 600, margin: 0 }}>
        Flow settings: {view.projectKey}
      </h1>
      <p style={{ color: TEXT_SUBTLE, margin: `${token('space.050')} 0 0` }}>
        {view.isDefault
          ? 'The defaults apply.'
          : `Saved ${view.updatedAt?.slice(0, 16).replace('T', ' ') ?? ''} UTC${view.updatedByName !== null ? ` by ${view.updatedByName}` : ''} (revision ${view.revision}).`}
        {readOnly ? ' Only space administrators can change these settings.' : ''}
      </p>
      {view.storedSettingsProblem !== null && (
        <div style={{ marginTop: token('space.150') }}>
          <SectionMessage appearance="warning" title="Stored settings could not be read">
            {view.storedSettingsProblem}
          </SectionMessage>
        </div>
      )}
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
        <Section title="Flow items">
          <Field label="Flow items are" id="level">
            <Select
              inputId="level"
              isDisabled={readOnly}
              value={draft.flowItemLevel === 0 ? levelOptions[0] : levelOptions[1]}
              options={levelOptions}
              onChange={(o) => {
                if (o !== null) update({ flowItemLevel: o.value });
              }}
            />
          </Field>
          <p style={{ color: TEXT_SUBTLE, fontSize: 12 }}>
            Rules are tried in order; the first that matches a label or the issue type decides. Anything else
            is a feature.
          </p>
          <RuleList draft={draft} update={update} readOnly={readOnly} />
        </Section>
        <Section title="Statuses">
          <p style={{ color: TEXT_SUBTLE, fontSize: 12, marginTop: 0 }}>
            Each status follows its Jira category (To Do → new, In Progress → active, Done → done); an In
            Progress status whose name holds a waiting word is waiting. Flow efficiency counts active time
            only: pin a status where work waits (a review queue, &quot;ready for test&quot;) to Waiting.
          </p>
          <StatusTable statuses={view.statuses} draft={draft} update={update} readOnly={readOnly} />
          <h3 style={{ fontSize: 14, margin: `${token('space.200')} 0 ${token('space.050')}` }}>
            Statuses not in the workflows
          </h3>
          <p style={{ color: TEXT_SUBTLE, fontSize: 12, marginTop: 0 }}>
            Old changelogs can name statuses that have left every workflow; pin those by name or id.
          </p>
          <OverrideList draft={draft} update={update} readOnly={readOnly} statuses={view.statuses} />
          <Field label="Waiting words (comma-separated)" id="waiting">
            <Textfield
              id="waiting"
              value={draft.waitingKeywords}
              onChange={(e) => {
                update({ waitingKeywords: e.currentTarget.value });
              }}
            />
          </Field>
          <Field label="Resolutions that mean canceled (comma-separated)" id="canceled">
            <Textfield
              id="canceled"
              value={draft.canceledKeywords}
              onChange={(e) => {
                update({ canceledKeywords: e.currentTarget.value });
              }}
            />
          </Field>
        </Section>
        <Section title="Targets (share of completed work, %)">
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'max-content 180px 180px',
              gap: token('space.100'),
              alignItems: 'center',
            }}
          >
            <span />
            <span style={{ color: TEXT_SUBTLE, fontSize: 12 }}>At least</span>
            <span style={{ color: TEXT_SUBTLE, fontSize: 12 }}>At most</span>
            {FLOW_TYPES.map((t) => (
              <TargetRow key={t} type={t} draft={draft} update={update} errors={fieldErrors} />
            ))}
          </div>
        </Section>
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
          <div
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: token('space.100'),
              marginTop: token('space.100'),
            }}
          >
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
          </div>
          {(draft.workingDays || fieldErrors.holidays !== undefined) && (
            <>
              <div
                role="group"
                aria-label="Days off"
                style={{ display: 'flex', gap: token('space.100'), marginTop: token('space.100') }}
              >
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
              </div>
              <Field
                label="Holidays (YYYY-MM-DD, comma-separated)"
                id="holidays"
                error={fieldErrors.holidays}
              >
                <Textfield
                  id="holidays"
                  isInvalid={fieldErrors.holidays !== undefined}
                  aria-describedby={fieldErrors.holidays !== undefined ? 'holidays-error' : undefined}
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
          <Field label="Review debt agreements every (days)" id="cadence" error={fieldErrors.cadence}>
            <Textfield
              id="cadence"
              type="number"
              isInvalid={fieldErrors.cadence !== undefined}
              aria-describedby={fieldErrors.cadence !== undefined ? 'cadence-error' : undefined}
              value={draft.reviewCadenceDays}
              onChange={(e) => {
                update({ reviewCadenceDays: e.currentTarget.value });
              }}
            />
          </Field>
          <Field
            label="A new debt agreement is due within (days)"
            id="repay-within"
            error={fieldErrors['repay-within']}
          >
            <Textfield
              id="repay-within"
              type="number"
              isInvalid={fieldErrors['repay-within'] !== undefined}
              aria-describedby={fieldErrors['repay-within'] !== undefined ? 'repay-within-error' : undefined}
              value={draft.repayWithinDays}
              onChange={(e) => {
                update({ repayWithinDays: e.currentTarget.value });
              }}
            />
          </Field>
        </Section>
      </fieldset>
      <div
        style={{
          marginTop: token('space.300'),
          display: 'flex',
          gap: token('space.100'),
          alignItems: 'center',
        }}
      >
        <Button appearance="primary" isDisabled={readOnly || saving} onClick={() => void submit()}>
          {saving ? 'Saving…' : 'Save'}
        </Button>
        <Button
          isDisabled={readOnly}
          onClick={() => {
            update(toDraft(DEFAULT_SETTINGS));
          }}
        >
          Restore defaults
        </Button>
        {save.state.status === 'saved' && <span role="status">Saved.</span>}
        {Object.keys(fieldErrors).length > 0 && (
          <span role="alert" style={{ color: token('color.text.danger') }}>
            Nothing was saved: {plural(Object.keys(fieldErrors).length, 'field needs', 'fields need')} a look.
          </span>
        )}
      </div>
      {save.state.status === 'failed' && (
        <div style={{ marginTop: token('space.150') }}>
          <MutationFailure error={save.state.error} onReload={onReload} />
        </div>
      )}
    </main>
  );
}

const levelOptions = [
  { value: 0 as const, label: 'Stories, tasks and bugs (sub-tasks and epics are left out)' },
  { value: 1 as const, label: 'Epics (their stories are left out)' },
];

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

function Field({
  label,
  id,
  error,
  children,
}: {
  label: string;
  id: string;
  error?: string | undefined;
  children: ReactNode;
}): ReactNode {
  return (
    <div style={{ marginTop: token('space.100'), maxWidth: 520 }}>
      <label
        htmlFor={id}
        style={{ display: 'block', fontSize: 12, color: TEXT_SUBTLE, marginBottom: token('space.050') }}
      >
        {label}
      </label>
      {children}
      <FieldError id={id} error={error} />
    </div>
  );
}

/** The message of a field that does not parse, tied to its input by `aria-describedby`. */
function FieldError({ id, error }: { id: string; error: string | undefined }): ReactNode {
  if (error === undefined) return null;
  return (
    <div
      id={`${id}-error`}
      style={{ color: token('color.text.danger'), fontSize: 12, marginTop: token('space.050') }}
    >
      {error}
    </div>
  );
}

interface ListProps {
  draft: Draft;
  update: (change: Partial<Draft>) => void;
  readOnly: boolean;
}

function RuleList({ draft, update, readOnly }: ListProps): ReactNode {
  const set = (i: number, change: Partial<Draft['rules'][number]>): void => {
    update({ rules: draft.rules.map((r, j) => (j === i ? { ...r, ...change } : r)) });
  };
  const move = (i: number, by: number): void => {
    const rules = [...draft.rules];
    const [r] = rules.splice(i, 1);
    if (r !== undefined) rules.splice(i + by, 0, r);
    update({ rules });
  };
  return (
    <div>
      {draft.rules.map((rule, i) => (
        <div
          key={i}
          role="group"
          aria-label={`Rule ${i + 1}`}
          style={{
            display: 'grid',
            gridTemplateColumns: '130px 1fr 1fr auto',
            gap: token('space.100'),
            alignItems: 'center',
            padding: `${token('space.075')} 0`,
            borderBottom: `1px solid ${BORDER}`,
          }}
        >
          <Select
            label={`Rule ${i + 1} type`}
            isDisabled={readOnly}
            value={typeOption(rule.type)}
            options={FLOW_TYPES.map(typeOption)}
            onChange={(o) => {
              if (o !== null) set(i, { type: o.value });
            }}
          />
          <Textfield
            aria-label={`Rule ${i + 1} labels`}
            placeholder="labels, comma-separated"
            value={rule.labels}
            onChange={(e) => {
              set(i, { labels: e.currentTarget.value });
            }}
          />
          <Textfield
            aria-label={`Rule ${i + 1} issue types`}
            placeholder="issue types, comma-separated"
            value={rule.issueTypes}
            onChange={(e) => {
              set(i, { issueTypes: e.currentTarget.value });
            }}
          />
          <div style={{ display: 'flex', gap: token('space.050') }}>
            <Button
              isDisabled={readOnly || i === 0}
              onClick={() => {
                move(i, -1);
              }}
            >
              Up
            </Button>
            <Button
              isDisabled={readOnly || i === draft.rules.length - 1}
              onClick={() => {
                move(i, 1);
              }}
            >
              Down
            </Button>
            <Button
              isDisabled={readOnly}
              onClick={() => {
                update({ rules: draft.rules.filter((_, j) => j !== i) });
              }}
            >
              Remove
            </Button>
          </div>
        </div>
      ))}
      <div style={{ marginTop: token('space.100') }}>
        <Button
          isDisabled={readOnly}
          onClick={() => {
            update({ rules: [...draft.rules, { type: 'debt', labels: '', issueTypes: '' }] });
          }}
        >
          Add rule
        </Button>
      </div>
    </div>
  );
}

function OverrideList({
  draft,
  update,
  readOnly,
  statuses,
}: ListProps & { statuses: readonly KnownStatus[] }): ReactNode {
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
        <div
          key={i}
          role="group"
          aria-label={`Status ${i + 1}`}
          style={{
            display: 'grid',
            gridTemplateColumns: '120px 1fr 180px auto',
            gap: token('space.100'),
            alignItems: 'center',
            padding: `${token('space.075')} 0`,
          }}
        >
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
        </div>
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

function TargetRow({
  type,
  draft,
  update,
  errors,
}: {
  type: FlowType;
  draft: Draft;
  update: (change: Partial<Draft>) => void;
  errors: DraftErrors;
}): ReactNode {
  const set = (bound: 'min' | 'max', value: string): void => {
    update({ targets: { ...draft.targets, [type]: { ...draft.targets[type], [bound]: value } } });
  };
  const input = (bound: 'min' | 'max', words: string): ReactNode => {
    const id = targetFieldId(type, bound);
    const error = errors[id];
    return (
      <div>
        <Textfield
          id={id}
          aria-label={`${TYPE_LABELS[type]} ${words} (%)`}
          value={draft.targets[type][bound]}
          isInvalid={error !== undefined}
          aria-describedby={error !== undefined ? `${id}-error` : undefined}
          elemAfterInput={<span style={{ paddingRight: token('space.100'), color: TEXT_SUBTLE }}>%</span>}
          onChange={(e) => {
            set(bound, e.currentTarget.value);
          }}
        />
        <FieldError id={id} error={error} />
      </div>
    );
  };
  return (
    <>
      <span>{TYPE_LABELS[type]}</span>
      {input('min', 'at least')}
      {input('max', 'at most')}
    </>
  );
}
