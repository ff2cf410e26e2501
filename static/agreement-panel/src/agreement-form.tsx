import Button from '@atlaskit/button/default/button';
import { Checkbox } from '@atlaskit/checkbox';
import { cssMap } from '@atlaskit/css';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { RadioGroup } from '@atlaskit/radio';
import Select, { AsyncSelect } from '@atlaskit/select';
import SectionMessage from '@atlaskit/section-message';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { useState, type ReactNode } from 'react';
import type { AgreementView, AgreementWriteResult } from '../../../src/contract';
import {
  DEBT_REASONS,
  IMPACT_AREAS,
  INTEREST_LEVELS,
  REPAYMENT_STYLES,
  TEXT_LIMITS,
  VISIBILITY_LEVELS,
} from '../../../src/domain/agreement';
import { formatCivilDate, Zone } from '../../../src/domain/calendar';
import {
  AREA_WORDS,
  INTEREST_WORDS,
  REASON_WORDS,
  REPAYMENT_WORDS,
  TERM_WORDS,
  VISIBILITY_WORDS,
} from '../../common/agreement-words';
import { call } from '../../common/bridge';
import { Fieldset } from '../../common/components';
import { ErrorPanel } from '../../common/error-panel';
import { FormField } from '../../common/form-field';
import { useMutation } from '../../common/use-mutation';
import { draftOf, SCORE_KEYS, SCORE_WORDS, termsOf, type Draft, type Errors } from './agreement-draft';
import { useWriteIds } from './write-ids';

const styles = cssMap({
  score: { minWidth: '140px' },
});

/** A field's id in the form, from its name in the terms (`scores.effort` → `agreement-scores-effort`). */
const idOf = (field: string): string => `agreement-${field.replace(/\./g, '-')}`;

/**
 * Records or edits the agreement. A save that meets someone else's change is not the end of the
 * edit: Reload reads what is stored now and keeps what the person typed, so that they save it
 * again over the new revision, having seen what changed.
 */
export function AgreementForm({
  view,
  onWritten,
  onCancel,
}: {
  view: AgreementView;
  onWritten: (result: AgreementWriteResult) => void;
  onCancel: () => void;
}): ReactNode {
  const [base, setBase] = useState(view);
  const [rebased, setRebased] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  const [errors, setErrors] = useState<Errors>({});
  const ids = useWriteIds();
  const save = useMutation('saveAgreement');
  const [reloading, setReloading] = useState(false);
  const zone = new Zone(base.timeZone);
  const createdDay =
    base.agreement === null
      ? formatCivilDate(zone.dayOf(Date.parse(base.asOf)))
      : formatCivilDate(zone.dayOf(Date.parse(base.agreement.createdAt)));
  const set = (change: Partial<Draft>): void => {
    setDraft((d) => ({ ...d, ...change }));
  };
  // Server errors name fields by their path in the payload: terms.dueDate.
  const serverErrors = Object.fromEntries(
    Object.entries(save.fieldErrors).map(([k, v]) => [k.replace(/^terms\./, ''), v]),
  );
  const errorOf = (field: string): string | undefined => errors[field] ?? serverErrors[field];

  const submit = async (): Promise<void> => {
    const checked = termsOf(draft, createdDay);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    // The payload's type is the schema's input, whose arrays are mutable.
    const request = {
      issueKey: base.epic.key,
      revision: base.revision,
      terms: { ...checked.terms, impactAreas: [...checked.terms.impactAreas] },
    };
    const result = await save.run({ ...request, writeId: ids.idFor(request) });
    if (result.ok) {
      ids.forget();
      onWritten(result.data);
    }
  };

  /** What is stored now, with the person's edit kept. */
  const reload = async (): Promise<void> => {
    setReloading(true);
    const fresh = await call('getAgreement', { issueKey: base.epic.key });
    setReloading(false);
    if (!fresh.ok) return;
    setBase(fresh.data);
    setRebased(true);
    save.reset();
  };

  const text = (
    field: 'impact' | 'outcome' | 'reasonDetail' | 'trigger',
    label: string,
    helper: string,
    required: boolean,
  ): ReactNode => (
    <FormField id={idOf(field)} label={label} required={required} helper={helper} error={errorOf(field)}>
      {(control) => (
        <TextArea
          {...control}
          minimumRows={field === 'impact' ? 3 : 2}
          maxLength={TEXT_LIMITS[field]}
          value={draft[field]}
          onChange={(e) => {
            set({ [field]: e.currentTarget.value });
          }}
        />
      )}
    </FormField>
  );

  return (
    <form
      aria-label={base.agreement === null ? 'Record an agreement' : 'Edit the agreement'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack space="space.100">
        <Text as="p" color="color.text.subtle">
          Anyone who can see this epic can read what is recorded here (Jira keeps it as a property of the
          epic), so write nothing confidential.
        </Text>
        <FormField id={idOf('reason')} label={TERM_WORDS.reason} required error={errorOf('reason')}>
          {(control) => (
            <Select
              inputId={control.id}
              descriptionId={control['aria-describedby']}
              value={{ value: draft.reason, label: REASON_WORDS[draft.reason] }}
              options={DEBT_REASONS.map((r) => ({ value: r, label: REASON_WORDS[r] }))}
              onChange={(o) => {
                if (o !== null) set({ reason: o.value });
              }}
            />
          )}
        </FormField>
        {draft.reason === 'other' &&
          text(
            'reasonDetail',
            TERM_WORDS.reasonDetail,
            `What the reason is, at most ${TEXT_LIMITS.reasonDetail} characters.`,
            true,
          )}
        {text(
          'impact',
          TERM_WORDS.impact,
          'What the debt costs: complexity, scalability, reliability, security, speed.',
          true,
        )}
        <FormField id={idOf('impactAreas')} label={TERM_WORDS.impactAreas} error={errorOf('impactAreas')}>
          {(control, labelId) => (
            <div role="group" aria-labelledby={labelId} id={control.id}>
              <Inline space="space.150" shouldWrap>
                {IMPACT_AREAS.map((area) => (
                  <Checkbox
                    key={area}
                    label={AREA_WORDS[area]}
                    isChecked={draft.impactAreas.includes(area)}
                    onChange={() => {
                      set({
                        impactAreas: draft.impactAreas.includes(area)
                          ? draft.impactAreas.filter((a) => a !== area)
                          : [...draft.impactAreas, area],
                      });
                    }}
                  />
                ))}
              </Inline>
            </div>
          )}
        </FormField>
        <Choice
          field="interest"
          label={TERM_WORDS.interest}
          options={INTEREST_LEVELS.map((v) => ({ value: v, label: INTEREST_WORDS[v] }))}
          value={draft.interest}
          error={errorOf('interest')}
          onChange={(v) => {
            set({ interest: v });
          }}
        />
        <Choice
          field="visibility"
          label={TERM_WORDS.visibility}
          options={VISIBILITY_LEVELS.map((v) => ({ value: v, label: VISIBILITY_WORDS[v] }))}
          value={draft.visibility}
          error={errorOf('visibility')}
          onChange={(v) => {
            set({ visibility: v });
          }}
        />
        {text('outcome', TERM_WORDS.outcome, 'The outcome or objective that repaying it serves.', true)}
        <Choice
          field="repayment"
          label={TERM_WORDS.repayment}
          options={REPAYMENT_STYLES.map((v) => ({ value: v, label: REPAYMENT_WORDS[v] }))}
          value={draft.repayment}
          error={errorOf('repayment')}
          onChange={(v) => {
            set({ repayment: v });
          }}
        />
        <FormField
          id={idOf('dueDate')}
          label={TERM_WORDS.dueDate}
          helper="A due date, a trigger, or both."
          error={errorOf('dueDate')}
        >
          {(control) => (
            <Textfield
              {...control}
              type="date"
              value={draft.dueDate}
              onChange={(e) => {
                set({ dueDate: e.currentTarget.value });
              }}
            />
          )}
        </FormField>
        {text(
          'trigger',
          TERM_WORDS.trigger,
          'The event that makes repayment due, such as "before the second region goes live".',
          false,
        )}
        <FormField
          id={idOf('reviewCadenceDays')}
          label={TERM_WORDS.reviewCadenceDays}
          required
          error={errorOf('reviewCadenceDays')}
        >
          {(control) => (
            <Textfield
              {...control}
              type="number"
              value={draft.reviewCadenceDays}
              onChange={(e) => {
                set({ reviewCadenceDays: e.currentTarget.value });
              }}
            />
          )}
        </FormField>
        <FormField
          id={idOf('owner')}
          label={TERM_WORDS.owner}
          helper="Someone who can see this space."
          error={errorOf('owner')}
        >
          {(control) => (
            <AsyncSelect<{ value: string; label: string }>
              inputId={control.id}
              descriptionId={control['aria-describedby']}
              isClearable
              cacheOptions
              defaultOptions
              value={
                draft.owner === null
                  ? null
                  : { value: draft.owner.accountId, label: draft.owner.displayName ?? draft.owner.accountId }
              }
              loadOptions={async (query: string) => {
                const r = await call('findPeople', { projectKey: base.epic.projectKey, query });
                return r.ok
                  ? r.data.map((p) => ({ value: p.accountId, label: p.displayName ?? p.accountId }))
                  : [];
              }}
              onChange={(o) => {
                set({ owner: o === null ? null : { accountId: o.value, displayName: o.label } });
              }}
            />
          )}
        </FormField>
        <Fieldset>
          <legend>
            <Text weight="medium">Scores, 1 to 5 (optional; all four give a WSJF score)</Text>
          </legend>
          <Inline space="space.150" shouldWrap>
            {SCORE_KEYS.map((key) => (
              <Box key={key} xcss={styles.score}>
                <FormField
                  id={idOf(`scores.${key}`)}
                  label={SCORE_WORDS[key]}
                  error={errorOf(`scores.${key}`)}
                >
                  {(control) => (
                    <Select
                      inputId={control.id}
                      descriptionId={control['aria-describedby']}
                      isClearable
                      value={
                        draft.scores[key] === null
                          ? null
                          : { value: draft.scores[key], label: String(draft.scores[key]) }
                      }
                      options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) }))}
                      onChange={(o) => {
                        set({ scores: { ...draft.scores, [key]: o === null ? null : o.value } });
                      }}
                    />
                  )}
                </FormField>
              </Box>
            ))}
          </Inline>
        </Fieldset>
        {Object.keys(errors).length > 0 && (
          <SectionMessage appearance="warning" title="Nothing was saved">
            <Text>
              {Object.keys(errors).length === 1
                ? 'A field needs'
                : `${Object.keys(errors).length} fields need`}{' '}
              a look.
            </Text>
          </SectionMessage>
        )}
        {rebased && (
          <SectionMessage appearance="information" title="Reloaded: your edit is kept">
            <Text>
              {base.agreement === null
                ? 'The agreement was deleted after you opened the form. Saving records your edit as a new agreement.'
                : `What is stored now is revision ${base.revision}. Check your edit against it, then save again.`}
            </Text>
          </SectionMessage>
        )}
        {save.state.status === 'failed' && (
          <ErrorPanel
            code={save.state.error.code}
            message={save.state.error.message}
            action={
              save.state.error.code === 'CONFLICT' ? (
                <Button isDisabled={reloading} onClick={() => void reload()}>
                  Reload, keeping my edit
                </Button>
              ) : undefined
            }
          />
        )}
        <Inline space="space.100">
          <Button type="submit" appearance="primary" isDisabled={save.state.status === 'running'}>
            {save.state.status === 'running'
              ? 'Saving…'
              : base.agreement === null
                ? 'Record the agreement'
                : 'Save'}
          </Button>
          <Button appearance="subtle" onClick={onCancel}>
            Cancel
          </Button>
        </Inline>
      </Stack>
    </form>
  );
}

function Choice<T extends string>({
  field,
  label,
  options,
  value,
  error,
  onChange,
}: {
  field: string;
  label: string;
  options: { value: T; label: string }[];
  value: T | null;
  error: string | undefined;
  onChange: (value: T) => void;
}): ReactNode {
  return (
    <FormField id={idOf(field)} label={label} required error={error}>
      {(control, labelId) => (
        <div id={control.id} aria-describedby={control['aria-describedby']}>
          <RadioGroup
            name={field}
            labelId={labelId}
            options={options.map((o) => ({ ...o, name: field }))}
            value={value}
            onChange={(e) => {
              const picked = options.find((o) => o.value === e.currentTarget.value);
              if (picked !== undefined) onChange(picked.value);
            }}
          />
        </div>
      )}
    </FormField>
  );
}
