import Button from '@atlaskit/button/default/button';
import { Checkbox } from '@atlaskit/checkbox';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { useEffect, useState, type ReactNode } from 'react';
import type { Contract, ProjectRef, StreamDefinitionView } from '../../../../src/contract';
import { Field, Fieldset, Loading, Subtle } from '../../../common/components';
import { ErrorPanel, MutationFailure } from '../../../common/error-panel';
import { plural } from '../../../common/format';
import { TrendSelect } from '../../../common/trend-select';
import { useCall } from '../../../common/use-call';
import { useMutation } from '../../../common/use-mutation';

/**
 * Creates or changes a value stream: its name, its spaces (chosen among those the person may
 * browse; the stream's others stay in it, unnamed), an optional JQL narrowing, its clock and its
 * debt band. Only its creator and Jira administrators may save; anyone may read it here.
 */

interface Draft {
  readonly name: string;
  readonly description: string;
  readonly spaceKeys: readonly string[];
  readonly filter: string;
  readonly timeZone: string;
  readonly workingDaysOnly: boolean;
  readonly trendPeriod: 'week' | 'month';
  /** The debt band in percent, as typed; both empty for no target. */
  readonly debtMin: string;
  readonly debtMax: string;
}

const EMPTY: Draft = {
  name: '',
  description: '',
  spaceKeys: [],
  filter: '',
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  workingDaysOnly: false,
  trendPeriod: 'week',
  debtMin: '10',
  debtMax: '20',
};

const asPercent = (v: number | null | undefined): string =>
  v === null || v === undefined ? '' : String(Math.round(v * 1000) / 10);

function draftOf(s: StreamDefinitionView): Draft {
  const debt = s.targets.debt;
  return {
    name: s.name,
    description: s.description,
    spaceKeys: s.spaces.map((p) => p.key),
    filter: s.filter ?? '',
    timeZone: s.timeZone,
    workingDaysOnly: s.workingCalendar.enabled,
    trendPeriod: s.trendPeriod,
    debtMin: asPercent(debt?.min),
    debtMax: asPercent(debt?.max),
  };
}

/** A percent as typed (`12.5`, `12,5`, `12.5 %`), as a fraction; null when empty; NaN when not a number. */
function fraction(text: string): number | null {
  const t = text.trim().replace(/\s*%$/, '').replace(',', '.');
  return t === '' ? null : Number(t) / 100;
}

/** What is wrong with a typed bound, in the form's words; undefined when it is a percent or empty. */
function percentError(text: string): string | undefined {
  const v = fraction(text);
  if (v === null) return undefined;
  return Number.isFinite(v) && v >= 0 && v <= 1 ? undefined : 'A percent from 0 to 100, or empty.';
}

function payloadOf(
  draft: Draft,
  loaded: StreamDefinitionView | null,
): Contract['saveStream']['payload']['stream'] {
  const min = fraction(draft.debtMin);
  const max = fraction(draft.debtMax);
  // The stream's other bands (set by a file or an earlier form) stay as they are.
  const others = Object.fromEntries(
    Object.entries(loaded?.targets ?? {}).filter(([type]) => type !== 'debt'),
  );
  return {
    name: draft.name,
    description: draft.description,
    spaceKeys: [...draft.spaceKeys],
    filter: draft.filter.trim() === '' ? null : draft.filter,
    timeZone: draft.timeZone.trim(),
    workingCalendar: {
      nonWorkingWeekdays: [...(loaded?.workingCalendar.nonWorkingWeekdays ?? [6, 7])],
      holidays: [...(loaded?.workingCalendar.holidays ?? [])],
      enabled: draft.workingDaysOnly,
    },
    trendPeriod: draft.trendPeriod,
    targets: min === null && max === null ? others : { ...others, debt: { min, max } },
  };
}

function newStreamId(): string {
  return crypto.randomUUID();
}

export function StreamEditor({
  streamId,
  onSaved,
  onDeleted,
  onCancel,
}: {
  /** The stream to change; null for a new one. */
  streamId: string | null;
  onSaved: (streamId: string) => void;
  onDeleted: () => void;
  onCancel: () => void;
}): ReactNode {
  const stream = useCall('getStream', streamId === null ? null : { streamId });
  const spaces = useCall('listProjects', {});
  if (streamId !== null && stream.state.status === 'loading') return <Loading label="Reading the stream…" />;
  if (streamId !== null && stream.state.status === 'done' && !stream.state.result.ok)
    return <ErrorPanel code={stream.state.result.error.code} message={stream.state.result.error.message} />;
  const loaded = stream.state.status === 'done' && stream.state.result.ok ? stream.state.result.data : null;
  const choices = spaces.state.status === 'done' && spaces.state.result.ok ? spaces.state.result.data : [];
  return (
    <Form
      key={`${loaded?.id ?? 'new'}:${String(loaded?.revision ?? 0)}`}
      loaded={loaded}
      choices={choices}
      onSaved={onSaved}
      onDeleted={onDeleted}
      onCancel={onCancel}
      onReload={stream.reload}
    />
  );
}

function Form({
  loaded,
  choices,
  onSaved,
  onDeleted,
  onCancel,
  onReload,
}: {
  loaded: StreamDefinitionView | null;
  choices: readonly ProjectRef[];
  onSaved: (streamId: string) => void;
  onDeleted: () => void;
  onCancel: () => void;
  onReload: () => void;
}): ReactNode {
  const [draft, setDraft] = useState<Draft>(loaded === null ? EMPTY : draftOf(loaded));
  const [id] = useState(() => loaded?.id ?? newStreamId());
  const [confirming, setConfirming] = useState(false);
  const save = useMutation('saveStream');
  const remove = useMutation('deleteStream');
  const readOnly = loaded !== null && !loaded.canEdit;
  useEffect(() => {
    if (save.state.status === 'saved') onSaved(save.state.data.id);
  }, [save.state, onSaved]);
  useEffect(() => {
    if (remove.state.status === 'saved') onDeleted();
  }, [remove.state, onDeleted]);
  const set = (change: Partial<Draft>): void => {
    setDraft((d) => ({ ...d, ...change }));
  };
  // A bound that is not a percent is said here: sent, it would arrive as no bound at all.
  const typed = { min: percentError(draft.debtMin), max: percentError(draft.debtMax) };
  const errors = save.fieldErrors;
  const failure =
    save.state.status === 'failed'
      ? save.state.error
      : remove.state.status === 'failed'
        ? remove.state.error
        : null;
  const options = choices.map((p) => ({ value: p.key, label: `${p.name} (${p.key})` }));
  return (
    <Stack space="space.200">
      <Heading size="large" as="h1">
        {loaded === null ? 'Create value stream' : `Value stream: ${loaded.name}`}
      </Heading>
      {readOnly && (
        <Text as="p" color="color.text.subtle">
          Only the person who created this stream, or a Jira administrator, can change it.
        </Text>
      )}
      <Fieldset disabled={readOnly}>
        <Stack space="space.150">
          <Field label="Name" id="stream-name" error={errors['stream.name']}>
            <Textfield
              id="stream-name"
              value={draft.name}
              maxLength={80}
              onChange={(e) => {
                set({ name: e.currentTarget.value });
              }}
            />
          </Field>
          <Field label="Description" id="stream-description" error={errors['stream.description']}>
            <TextArea
              id="stream-description"
              value={draft.description}
              maxLength={1000}
              onChange={(e) => {
                set({ description: e.currentTarget.value });
              }}
            />
          </Field>
          <Field label="Spaces" id="stream-spaces" error={errors['stream.spaceKeys']}>
            <Select
              inputId="stream-spaces"
              isMulti
              isDisabled={readOnly}
              options={options}
              value={options.filter((o) => draft.spaceKeys.includes(o.value))}
              onChange={(chosen) => {
                set({ spaceKeys: chosen.map((o) => o.value) });
              }}
            />
            {loaded !== null && loaded.unavailable > 0 && (
              <Subtle block>
                {plural(loaded.unavailable, 'more space')} of this stream{' '}
                {loaded.unavailable === 1 ? 'is' : 'are'} not shown to you (deleted, or not yours to browse);
                saving keeps {loaded.unavailable === 1 ? 'it' : 'them'}.
              </Subtle>
            )}
          </Field>
          <Field
            label="Narrow with JQL (optional)"
            id="stream-filter"
            error={errors.filter ?? errors['stream.filter']}
          >
            <Textfield
              id="stream-filter"
              value={draft.filter}
              placeholder="labels != support"
              onChange={(e) => {
                set({ filter: e.currentTarget.value });
              }}
            />
          </Field>
          <Inline space="space.200" shouldWrap>
            <Field label="Time zone" id="stream-zone" error={errors['stream.timeZone']}>
              <Textfield
                id="stream-zone"
                value={draft.timeZone}
                onChange={(e) => {
                  set({ timeZone: e.currentTarget.value });
                }}
              />
            </Field>
            <Field
              label="Debt target, at least (%)"
              id="stream-debt-min"
              error={typed.min ?? errors['stream.targets.debt.min'] ?? errors['stream.targets.debt']}
            >
              <Textfield
                id="stream-debt-min"
                value={draft.debtMin}
                inputMode="decimal"
                onChange={(e) => {
                  set({ debtMin: e.currentTarget.value });
                }}
              />
            </Field>
            <Field
              label="Debt target, at most (%)"
              id="stream-debt-max"
              error={typed.max ?? errors['stream.targets.debt.max']}
            >
              <Textfield
                id="stream-debt-max"
                value={draft.debtMax}
                inputMode="decimal"
                onChange={(e) => {
                  set({ debtMax: e.currentTarget.value });
                }}
              />
            </Field>
          </Inline>
          <Subtle block>Leave both debt fields empty for no target.</Subtle>
          <Checkbox
            label="Count working days only"
            isChecked={draft.workingDaysOnly}
            onChange={(e) => {
              set({ workingDaysOnly: e.currentTarget.checked });
            }}
          />
          <TrendSelect
            id="stream-trend"
            isDisabled={readOnly}
            value={draft.trendPeriod}
            onChange={(trendPeriod) => {
              set({ trendPeriod });
            }}
          />
        </Stack>
      </Fieldset>
      {failure !== null && <MutationFailure error={failure} onReload={onReload} />}
      <Inline space="space.100" shouldWrap>
        {!readOnly && (
          <Button
            appearance="primary"
            isDisabled={save.state.status === 'running' || typed.min !== undefined || typed.max !== undefined}
            onClick={() => {
              void save.run({
                streamId: id,
                revision: loaded?.revision ?? 0,
                stream: payloadOf(draft, loaded),
              });
            }}
          >
            {save.state.status === 'running' ? 'Saving…' : loaded === null ? 'Create stream' : 'Save stream'}
          </Button>
        )}
        <Button onClick={onCancel}>{readOnly ? 'Back' : 'Cancel'}</Button>
        {loaded !== null && !readOnly && !confirming && (
          <Button
            appearance="subtle"
            onClick={() => {
              setConfirming(true);
            }}
          >
            Delete stream…
          </Button>
        )}
        {loaded !== null && confirming && (
          <Button
            appearance="danger"
            isDisabled={remove.state.status === 'running'}
            onClick={() => {
              void remove.run({ streamId: loaded.id, revision: loaded.revision, confirm: true });
            }}
          >
            Delete {loaded.name} for everyone
          </Button>
        )}
      </Inline>
    </Stack>
  );
}
