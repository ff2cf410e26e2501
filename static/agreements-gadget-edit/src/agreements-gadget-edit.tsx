import Button from '@atlaskit/button/default/button';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import { view } from '@forge/bridge';
import { useState, type ReactNode } from 'react';
import type { ProjectRef } from '../../../src/contract';
import type { AgreementStatus } from '../../../src/domain/agreement';
import { StatusFilter } from '../../common/agreement-register';
import { Outcome, Page } from '../../common/components';
import { FormField } from '../../common/form-field';
import {
  MAX_GADGET_PROJECTS,
  readAgreementsGadgetConfig,
  submitted,
  type AgreementsGadgetConfig,
} from '../../common/gadget-config';
import { RefreshSelect } from '../../common/refresh-select';
import { useCall } from '../../common/use-call';
import { useSurfaceContext } from '../../common/use-surface';

/**
 * The agreements gadget's edit view: which spaces, which statuses, refreshed how often.
 * `view.submit` saves it; Cancel leaves the gadget as it was saved.
 */
export function AgreementsGadgetEdit(): ReactNode {
  const surface = useSurfaceContext();
  const { state } = useCall('listProjects', {});
  if (surface.status === 'loading') return null;
  const saved =
    surface.status === 'ready' ? readAgreementsGadgetConfig(surface.context.gadgetConfiguration) : null;
  return (
    <Outcome state={state} loading="Reading your spaces…">
      {(projects) => <EditForm projects={projects} saved={saved} />}
    </Outcome>
  );
}

function EditForm({
  projects,
  saved,
}: {
  projects: readonly ProjectRef[];
  saved: AgreementsGadgetConfig | null;
}): ReactNode {
  const [projectKeys, setProjectKeys] = useState<readonly string[]>(saved?.projectKeys ?? []);
  const [statuses, setStatuses] = useState<readonly AgreementStatus[]>(saved?.statuses ?? []);
  const [refresh, setRefresh] = useState<number | null>(saved?.refresh ?? null);
  const [error, setError] = useState<string | null>(null);
  const fail = (err: unknown): void => {
    setError(err instanceof Error ? err.message : String(err));
  };
  const options = projects.map((p) => ({ value: p.key, label: `${p.name} (${p.key})` }));
  const tooMany = projectKeys.length > MAX_GADGET_PROJECTS;
  return (
    <Page
      as="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (projectKeys.length === 0 || tooMany) return;
        view
          .submit(submitted({ projectKeys: [...projectKeys], statuses: [...statuses], refresh }))
          .catch(fail);
      }}
    >
      <Stack space="space.150">
        <FormField
          id="agreement-spaces"
          label="Spaces"
          required
          helper={`Up to ${MAX_GADGET_PROJECTS}.`}
          error={tooMany ? `Choose at most ${MAX_GADGET_PROJECTS} spaces.` : undefined}
        >
          {(control) => (
            <Select
              inputId={control.id}
              descriptionId={control['aria-describedby']}
              isMulti
              placeholder="Choose spaces"
              value={options.filter((o) => projectKeys.includes(o.value))}
              options={options}
              onChange={(chosen) => {
                setProjectKeys(chosen.map((o) => o.value));
              }}
            />
          )}
        </FormField>
        <FormField id="agreement-statuses" label="Statuses" helper="None chosen lists every status.">
          {(control) => <StatusFilter id={control.id} value={statuses} onChange={setStatuses} />}
        </FormField>
        <FormField id="agreement-refresh" label="Refresh">
          {(control) => <RefreshSelect inputId={control.id} value={refresh} onChange={setRefresh} />}
        </FormField>
        <Inline space="space.100">
          <Button type="submit" appearance="primary" isDisabled={projectKeys.length === 0 || tooMany}>
            Save
          </Button>
          <Button
            appearance="subtle"
            onClick={() => {
              view.close().catch(fail);
            }}
          >
            Cancel
          </Button>
        </Inline>
        {error !== null && (
          <Text as="p" color="color.text.danger">
            <span role="alert">{error}</span>
          </Text>
        )}
      </Stack>
    </Page>
  );
}
