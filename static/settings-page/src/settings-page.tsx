import Button from '@atlaskit/button/default/button';
import { cssMap } from '@atlaskit/css';
import Heading from '@atlaskit/heading';
import { Box, Inline, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SettingsView } from '../../../src/contract';
import { DEFAULT_SETTINGS } from '../../../src/domain/settings';
import { previewTypeRules } from '../../../src/domain/type-preview';
import { Field, Fieldset, Outcome, Page, Section, Subtle } from '../../common/components';
import { MutationFailure } from '../../common/error-panel';
import { plural } from '../../common/format';
import { useCall } from '../../common/use-call';
import { useMutation } from '../../common/use-mutation';
import { WithSurfaceKey } from '../../common/use-surface';
import { draftTypeRules, toDraft, toSettings, type Draft, type DraftErrors } from './draft';

import { OverrideList } from './override-list';
import { RuleList, type RulePreview } from './rule-list';
import { StatusTable } from './status-table';
import { TargetsSection } from './targets-section';
import { TimeSection } from './time-section';

const styles = cssMap({
  notice: { marginBlockStart: token('space.150') },
  note: { marginBlockStart: token('space.100') },
  subheading: { marginBlockStart: token('space.200'), marginBlockEnd: token('space.050') },
  actions: { marginBlockStart: token('space.300') },
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
  // The space's recent work items, folded by type and labels, re-classified at each keystroke.
  const sample = useCall('getTypeSample', { projectKey: loaded.projectKey }).state;
  const preview = useMemo((): RulePreview | null => {
    if (sample.status !== 'done' || !sample.result.ok) return null;
    const { kinds, from, to } = sample.result.data;
    return {
      preview: previewTypeRules(kinds, {
        typeRules: draftTypeRules(draft),
        flowItemLevel: draft.flowItemLevel,
      }),
      from,
      to,
    };
  }, [sample, draft]);
  const saving = save.state.status === 'running';
  const readOnly = !view.canEdit;
  // What differs from what is stored: said beside Save, and asked about before the page is left.
  const stored = useMemo(() => JSON.stringify(toDraft(view.settings)), [view]);
  const dirty = !readOnly && JSON.stringify(draft) !== stored;
  const [confirmingRestore, setConfirmingRestore] = useState(false);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent): void => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
    };
  }, [dirty]);
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
    <Page as="main">
      <Heading size="large" as="h1">
        Flow settings: {view.projectKey}
      </Heading>
      <Text as="p" color="color.text.subtle">
        {view.isDefault
          ? 'The defaults apply.'
          : `Saved ${view.updatedAt?.slice(0, 16).replace('T', ' ') ?? ''} UTC${view.updatedByName !== null ? ` by ${view.updatedByName}` : ''} (revision ${view.revision}).`}
      </Text>
      {readOnly && (
        <Box xcss={styles.notice}>
          <SectionMessage appearance="information" title="You can read these settings">
            Only administrators of the space {view.projectKey} can change them; ask one of them.
          </SectionMessage>
        </Box>
      )}
      {view.storedSettingsProblem !== null && (
        <Box xcss={styles.notice}>
          <SectionMessage appearance="warning" title="Stored settings could not be read">
            {view.storedSettingsProblem}
          </SectionMessage>
        </Box>
      )}
      <Fieldset disabled={readOnly}>
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
          <Box xcss={styles.note}>
            <Subtle block>
              Rules are tried in order; the first that matches a label or the work type decides. Anything else
              is a feature.
            </Subtle>
          </Box>
          <RuleList draft={draft} update={update} readOnly={readOnly} preview={preview} />
        </Section>
        <Section title="Statuses">
          <Subtle block>
            Each status follows its Jira category (To Do → new, In Progress → active, Done → done); an In
            Progress status whose name holds a waiting word is waiting. Flow efficiency counts active time
            only: pin a status where work waits (a review queue, &quot;ready for test&quot;) to Waiting.
          </Subtle>
          <StatusTable statuses={view.statuses} draft={draft} update={update} readOnly={readOnly} />
          <Box xcss={styles.subheading}>
            <Heading size="xsmall" as="h3">
              Statuses not in the workflows
            </Heading>
          </Box>
          <Subtle block>
            Old changelogs can name statuses that have left every workflow; pin those by name or id.
          </Subtle>
          <OverrideList draft={draft} update={update} readOnly={readOnly} statuses={view.statuses} />
          <Field label="Waiting words (comma-separated)" id="waiting">
            <Textfield
              id="waiting"
              isDisabled={readOnly}
              value={draft.waitingKeywords}
              onChange={(e) => {
                update({ waitingKeywords: e.currentTarget.value });
              }}
            />
          </Field>
          <Field label="Resolutions that mean canceled (comma-separated)" id="canceled">
            <Textfield
              id="canceled"
              isDisabled={readOnly}
              value={draft.canceledKeywords}
              onChange={(e) => {
                update({ canceledKeywords: e.currentTarget.value });
              }}
            />
          </Field>
        </Section>
        <TargetsSection draft={draft} update={update} readOnly={readOnly} errors={fieldErrors} />
        <TimeSection draft={draft} update={update} readOnly={readOnly} errors={fieldErrors} />
      </Fieldset>
      <Box xcss={styles.actions}>
        <Inline space="space.100" alignBlock="center">
          <Button appearance="primary" isDisabled={readOnly || saving} onClick={() => void submit()}>
            {saving ? 'Saving…' : 'Save'}
          </Button>
          <Button
            isDisabled={readOnly || confirmingRestore}
            onClick={() => {
              setConfirmingRestore(true);
            }}
          >
            Restore defaults…
          </Button>
          {dirty && (
            <span role="status">
              <Text color="color.text.warning">Unsaved changes</Text>
            </span>
          )}
          {!dirty && save.state.status === 'saved' && <span role="status">Saved.</span>}
          {Object.keys(fieldErrors).length > 0 && (
            <span role="alert">
              <Text color="color.text.danger">
                Nothing was saved: {plural(Object.keys(fieldErrors).length, 'field needs', 'fields need')} a
                look.
              </Text>
            </span>
          )}
        </Inline>
      </Box>
      {confirmingRestore && (
        <Box xcss={styles.notice}>
          <SectionMessage appearance="warning" title="Replace every field with the defaults?">
            <Text as="p">
              The form then shows Flow Ledger's defaults; what you typed and did not save is lost. Nothing is
              stored until you press Save.
            </Text>
            <Inline space="space.100">
              <Button
                appearance="warning"
                onClick={() => {
                  update(toDraft(DEFAULT_SETTINGS));
                  setConfirmingRestore(false);
                }}
              >
                Restore defaults
              </Button>
              <Button
                appearance="subtle"
                onClick={() => {
                  setConfirmingRestore(false);
                }}
              >
                Keep my edits
              </Button>
            </Inline>
          </SectionMessage>
        </Box>
      )}
      {save.state.status === 'failed' && (
        <Box xcss={styles.notice}>
          <MutationFailure error={save.state.error} onReload={onReload} />
        </Box>
      )}
    </Page>
  );
}

const levelOptions = [
  { value: 0 as const, label: 'Stories, tasks and bugs (sub-tasks and epics are left out)' },
  { value: 1 as const, label: 'Epics (their stories are left out)' },
];
