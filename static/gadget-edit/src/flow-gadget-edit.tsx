import Button from '@atlaskit/button/default/button';
import Checkbox from '@atlaskit/checkbox';
import { cssMap } from '@atlaskit/css';
import { Box, Inline } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { view } from '@forge/bridge';
import { useState, type ReactNode } from 'react';
import { call } from '../../common/bridge';
import { FieldLabel, FieldMessage, Outcome, Page } from '../../common/components';
import { readGadgetConfig, submitted, WEEK_CHOICES, type GadgetConfig } from '../../common/gadget-config';
import { RefreshSelect } from '../../common/refresh-select';
import { useCall } from '../../common/use-call';
import { useSurfaceContext } from '../../common/use-surface';

const styles = cssMap({
  field: { marginBlockStart: token('space.150') },
  actions: { marginBlockStart: token('space.200') },
});

const EMPTY: Omit<GadgetConfig, 'projectKey'> & { projectKey: string | null } = {
  projectKey: null,
  streamId: null,
  weeks: 12,
  filter: null,
  showTargets: true,
  trendPeriod: null,
  refresh: null,
};

const TREND_CHOICES = [
  { value: null, label: 'No trend' },
  { value: 'week' as const, label: 'Completed per week' },
  { value: 'month' as const, label: 'Completed per month' },
];

/**
 * The gadget's edit view: which space, over how many weeks, optionally narrowed by a JQL filter,
 * with or without the targets, refreshed by the dashboard how often. `view.submit` saves it; a
 * filter is tried first, so that one Jira refuses is said at its field rather than on the dashboard.
 */
export function FlowGadgetEdit(): ReactNode {
  const surface = useSurfaceContext();
  const [config, setConfig] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [seeded, setSeeded] = useState(false);
  // The saved configuration seeds the form once the context has arrived.
  if (!seeded && surface.status !== 'loading') {
    setSeeded(true);
    const current = surface.status === 'ready' ? readGadgetConfig(surface.context.gadgetConfiguration) : null;
    if (current !== null) setConfig(current);
    if (surface.status === 'failed') setError(surface.message);
  }
  const { state } = useCall('listProjects', {});
  const streams = useCall('listStreams', {});
  // Streams are offered when they can be read; a space alone still works when they cannot.
  const choices =
    streams.state.status === 'done' && streams.state.result.ok ? streams.state.result.data.streams : [];
  return (
    <Outcome state={state} loading="Reading your spaces…">
      {(projects) => (
        <EditForm
          projects={projects}
          streams={choices}
          config={config}
          error={error}
          onChange={(change) => {
            setConfig((c) => ({ ...c, ...change }));
          }}
          onError={setError}
        />
      )}
    </Outcome>
  );
}

interface EditFormProps {
  projects: readonly { key: string; name: string }[];
  streams: readonly { id: string; name: string }[];
  config: typeof EMPTY;
  error: string | null;
  onChange: (change: Partial<typeof EMPTY>) => void;
  onError: (message: string) => void;
}

/** A space's option is its key; a stream's its id, after this mark (a space key has no colon). */
const STREAM_OPTION = 'stream:';

function EditForm({ projects, streams, config, error, onChange, onError }: EditFormProps): ReactNode {
  const [filterError, setFilterError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const spaceOptions = projects.map((p) => ({ value: p.key, label: `${p.name} (${p.key})` }));
  const streamOptions = streams.map((s) => ({
    value: `${STREAM_OPTION}${s.id}`,
    label: `${s.name} (value stream)`,
  }));
  const options = [...spaceOptions, ...streamOptions];
  const chosen = config.streamId !== null ? `${STREAM_OPTION}${config.streamId}` : config.projectKey;
  const label = (htmlFor: string, text: string): ReactNode => (
    <Box xcss={styles.field}>
      <FieldLabel htmlFor={htmlFor}>{text}</FieldLabel>
    </Box>
  );
  const save = async (projectKey: string): Promise<void> => {
    if (config.streamId !== null) {
      // A stream's spaces keep their own rules, and the stream its own narrowing: no filter here.
      const saved: GadgetConfig = { ...config, projectKey: '', filter: null };
      await view.submit(submitted(saved)).catch((err: unknown) => {
        onError(err instanceof Error ? err.message : String(err));
      });
      return;
    }
    const filter = config.filter?.trim() ?? '';
    if (filter !== '') {
      setChecking(true);
      const tried = await call('getProjectFlow', { projectKey, weeks: config.weeks, filter });
      setChecking(false);
      if (!tried.ok) {
        setFilterError(tried.error.fields?.filter ?? tried.error.message);
        return;
      }
    }
    const saved: GadgetConfig = { ...config, projectKey, filter: filter === '' ? null : filter };
    await view.submit(submitted(saved)).catch((err: unknown) => {
      onError(err instanceof Error ? err.message : String(err));
    });
  };
  return (
    <Page
      as="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (config.projectKey !== null || config.streamId !== null) void save(config.projectKey ?? '');
      }}
    >
      {label('project', 'Space or value stream')}
      <Select
        inputId="project"
        value={options.find((o) => o.value === chosen) ?? null}
        options={[
          { label: 'Spaces', options: spaceOptions },
          ...(streamOptions.length > 0 ? [{ label: 'Value streams', options: streamOptions }] : []),
        ]}
        placeholder="Choose a space or a value stream"
        onChange={(o) => {
          if (o === null) return;
          if (o.value.startsWith(STREAM_OPTION))
            onChange({ streamId: o.value.slice(STREAM_OPTION.length), projectKey: null, filter: null });
          else onChange({ projectKey: o.value, streamId: null });
        }}
      />
      {label('weeks', 'Window')}
      <Select
        inputId="weeks"
        value={{ value: config.weeks, label: `Last ${config.weeks} weeks` }}
        options={WEEK_CHOICES.map((w) => ({ value: w, label: `Last ${w} weeks` }))}
        onChange={(o) => {
          if (o !== null) onChange({ weeks: o.value });
        }}
      />
      {config.streamId === null && label('filter', 'Only the work items matching (JQL, optional)')}
      {config.streamId === null && (
        <Textfield
          id="filter"
          placeholder='labels = team-a, or component = "Push Server"'
          value={config.filter ?? ''}
          isInvalid={filterError !== null}
          aria-describedby={filterError !== null ? 'filter-error' : 'filter-help'}
          onChange={(e) => {
            setFilterError(null);
            onChange({ filter: e.currentTarget.value });
          }}
        />
      )}
      {config.streamId === null &&
        (filterError === null ? (
          <FieldMessage
            id="filter-help"
            text="Narrows the space's work items; its settings and targets still apply. No ORDER BY."
          />
        ) : (
          <FieldMessage id="filter-error" tone="danger" text={filterError} />
        ))}
      {label('trend', 'Trend')}
      <Select
        inputId="trend"
        value={TREND_CHOICES.find((c) => c.value === config.trendPeriod) ?? TREND_CHOICES[0]}
        options={TREND_CHOICES}
        onChange={(o) => {
          if (o !== null) onChange({ trendPeriod: o.value });
        }}
      />
      {label('refresh', 'Refresh')}
      <RefreshSelect
        inputId="refresh"
        value={config.refresh}
        onChange={(refresh) => {
          onChange({ refresh });
        }}
      />
      <Box xcss={styles.field}>
        <Checkbox
          label="Show each type against its target"
          isChecked={config.showTargets}
          onChange={() => {
            onChange({ showTargets: !config.showTargets });
          }}
        />
      </Box>
      <Box xcss={styles.actions}>
        <Inline space="space.100">
          <Button
            type="submit"
            appearance="primary"
            isDisabled={(config.projectKey === null && config.streamId === null) || checking}
          >
            {checking ? 'Checking the filter…' : 'Save'}
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
        </Inline>
      </Box>
      {error !== null && <p role="alert">{error}</p>}
    </Page>
  );
}
