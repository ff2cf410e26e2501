import Button from '@atlaskit/button/default/button';
import Select from '@atlaskit/select';
import { token } from '@atlaskit/tokens';
import { view } from '@forge/bridge';
import { useState, type ReactNode } from 'react';
import { Outcome, page, TEXT_SUBTLE } from '../../common/components';
import { readGadgetConfig, WEEK_CHOICES } from '../../common/gadget-config';
import { useCall } from '../../common/use-call';
import { useSurfaceContext } from '../../common/use-surface';

/** The gadget's edit view: which project, over how many weeks. `view.submit` saves it. */
export function FlowGadgetEdit(): ReactNode {
  const surface = useSurfaceContext();
  const [projectKey, setProjectKey] = useState<string | null>(null);
  const [weeks, setWeeks] = useState(12);
  const [error, setError] = useState<string | null>(null);
  const [seeded, setSeeded] = useState(false);
  // The saved configuration seeds the form once the context has arrived.
  if (!seeded && surface.status !== 'loading') {
    setSeeded(true);
    const current = surface.status === 'ready' ? readGadgetConfig(surface.context.gadgetConfiguration) : null;
    if (current !== null) {
      setProjectKey(current.projectKey);
      setWeeks(current.weeks);
    }
    if (surface.status === 'failed') setError(surface.message);
  }
  const { state } = useCall('listProjects', {});
  return (
    <Outcome state={state} loading="Reading your spaces…">
      {(projects) => (
        <EditForm
          projects={projects}
          projectKey={projectKey}
          weeks={weeks}
          error={error}
          onProject={setProjectKey}
          onWeeks={setWeeks}
          onError={setError}
        />
      )}
    </Outcome>
  );
}

interface EditFormProps {
  projects: readonly { key: string; name: string }[];
  projectKey: string | null;
  weeks: number;
  error: string | null;
  onProject: (key: string) => void;
  onWeeks: (weeks: number) => void;
  onError: (message: string) => void;
}

function EditForm({
  projects,
  projectKey,
  weeks,
  error,
  onProject,
  onWeeks,
  onError,
}: EditFormProps): ReactNode {
  const options = projects.map((p) => ({ value: p.key, label: `${p.name} (${p.key})` }));
  return (
    <form
      style={page}
      onSubmit={(e) => {
        e.preventDefault();
        if (projectKey === null) return;
        view.submit({ projectKey, weeks }).catch((err: unknown) => {
          onError(err instanceof Error ? err.message : String(err));
        });
      }}
    >
      <label htmlFor="project" style={{ display: 'block', fontSize: 12, color: TEXT_SUBTLE }}>
        Space
      </label>
      <Select
        inputId="project"
        value={options.find((o) => o.value === projectKey) ?? null}
        options={options}
        placeholder="Choose a space"
        onChange={(o) => {
          if (o !== null) onProject(o.value);
        }}
      />
      <label
        htmlFor="weeks"
        style={{ display: 'block', fontSize: 12, color: TEXT_SUBTLE, marginTop: token('space.150') }}
      >
        Window
      </label>
      <Select
        inputId="weeks"
        value={{ value: weeks, label: `Last ${weeks} weeks` }}
        options={WEEK_CHOICES.map((w) => ({ value: w, label: `Last ${w} weeks` }))}
        onChange={(o) => {
          if (o !== null) onWeeks(o.value);
        }}
      />
      <div style={{ marginTop: token('space.200'), display: 'flex', gap: token('space.100') }}>
        <Button type="submit" appearance="primary" isDisabled={projectKey === null}>
          Save
        </Button>
        <Button
          appearance="subtle"
          onClick={() => {
            // Leaves the gadget as it was saved.
            view.close().catch((err: unknown) => {
              onError(err instanceof Error ? err.message : String(err));
            });
          }}
        >
          Cancel
        </Button>
      </div>
      {error !== null && <p role="alert">{error}</p>}
    </form>
  );
}
