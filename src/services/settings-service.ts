import { z } from 'zod';
import type { SettingsView } from '../contract';
import { DomainError } from '../domain/errors';
import { DEFAULT_SETTINGS, type FlowSettings } from '../domain/settings';
import { getMyPermissions, getProject } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import type { JiraProject } from '../jira/schemas';
import { flowSettingsSchema } from '../settings-schema';
import type { KeyValueStore } from './key-value-store';

/**
 * A project's flow settings, stored in Forge's KVS under the project's id (keys survive a project
 * being renamed or re-keyed). Anyone who can browse the project reads them; only its admins, as
 * Jira says via `mypermissions`, change them. A save names the revision it edits, so two admins
 * editing at once cannot silently overwrite each other.
 */

const storedSchema = z.object({
  version: z.literal(1),
  revision: z.number().int().min(1),
  settings: z.unknown(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export function settingsKey(projectId: string): string {
  return `settings:project:${projectId}`;
}

interface LoadedSettings {
  readonly settings: FlowSettings;
  readonly revision: number;
  readonly isDefault: boolean;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  readonly problem: string | null;
}

/** Reads stored settings; a value that does not parse yields the defaults and a reported problem. */
export async function readSettings(store: KeyValueStore, projectId: string): Promise<LoadedSettings> {
  const stored = await store.get(settingsKey(projectId));
  if (stored === undefined || stored === null) {
    return {
      settings: DEFAULT_SETTINGS,
      revision: 0,
      isDefault: true,
      updatedAt: null,
      updatedBy: null,
      problem: null,
    };
  }
  const envelope = storedSchema.safeParse(stored);
  const parsed = envelope.success ? flowSettingsSchema.safeParse(envelope.data.settings) : null;
  if (!envelope.success || !parsed?.success) {
    const revision = envelope.success ? envelope.data.revision : 0;
    return {
      settings: DEFAULT_SETTINGS,
      revision,
      isDefault: true,
      updatedAt: null,
      updatedBy: null,
      problem: 'The stored settings could not be read, so the defaults apply. Saving replaces them.',
    };
  }
  return {
    settings: parsed.data,
    revision: envelope.data.revision,
    isDefault: false,
    updatedAt: envelope.data.updatedAt,
    updatedBy: envelope.data.updatedBy,
    problem: null,
  };
}

async function isProjectAdmin(jira: JiraClient, projectKey: string): Promise<boolean> {
  const p = await getMyPermissions(jira, ['ADMINISTER_PROJECTS', 'ADMINISTER'], { projectKey });
  return p.ADMINISTER_PROJECTS || p.ADMINISTER;
}

function view(project: JiraProject, loaded: LoadedSettings, canEdit: boolean): SettingsView {
  return {
    projectKey: project.key,
    settings: loaded.settings,
    revision: loaded.revision,
    isDefault: loaded.isDefault,
    canEdit,
    updatedAt: loaded.updatedAt,
    updatedBy: loaded.updatedBy,
    storedSettingsProblem: loaded.problem,
  };
}

function projectId(project: JiraProject): string {
  if (project.id === undefined)
    throw new DomainError('INTERNAL', `Jira gave no id for project ${project.key}`);
  return project.id;
}

export async function getSettings(
  jira: JiraClient,
  store: KeyValueStore,
  projectKey: string,
): Promise<SettingsView> {
  // Reading the project first: a user who may not browse it gets NOT_FOUND, and no settings.
  const project = await getProject(jira, projectKey);
  const [loaded, canEdit] = await Promise.all([
    readSettings(store, projectId(project)),
    isProjectAdmin(jira, project.key),
  ]);
  return view(project, loaded, canEdit);
}

export async function saveSettings(
  jira: JiraClient,
  store: KeyValueStore,
  input: { projectKey: string; revision: number; settings: FlowSettings },
  who: { accountId: string; now: number },
): Promise<SettingsView> {
  const project = await getProject(jira, input.projectKey);
  if (!(await isProjectAdmin(jira, project.key))) {
    throw new DomainError(
      'NOT_PERMITTED',
      `Only administrators of ${project.key} can change its flow settings.`,
    );
  }
  const id = projectId(project);
  const current = await readSettings(store, id);
  if (current.revision !== input.revision) {
    throw new DomainError(
      'CONFLICT',
      `These settings were changed by ${current.updatedBy ?? 'someone else'} since you opened them (revision ${current.revision}, not ${input.revision}). Reload to see their changes.`,
    );
  }
  const stored = {
    version: 1 as const,
    revision: current.revision + 1,
    settings: input.settings,
    updatedAt: new Date(who.now).toISOString(),
    updatedBy: who.accountId,
  };
  await store.set(settingsKey(id), stored);
  return view(
    project,
    {
      settings: input.settings,
      revision: stored.revision,
      isDefault: false,
      updatedAt: stored.updatedAt,
      updatedBy: stored.updatedBy,
      problem: null,
    },
    true,
  );
}
