import { z } from 'zod';
import type { SettingsView } from '../contract';
import { DomainError } from '../domain/errors';
import { DEFAULT_SETTINGS, type FlowSettings } from '../domain/settings';
import { distinctStatuses } from '../domain/status-map';
import type { KnownStatus } from '../domain/types';
import { toKnownStatus } from '../jira/issue-mapper';
import { getMyPermissions, getProjectStatuses, getUser } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import type { JiraProject } from '../jira/schemas';
import { flowSettingsSchema } from '../settings-schema';
import { FLOW_SETTINGS_ENTITY } from '../storage/entities';
import { visibleSpace } from './space-access';
import type { KeyValueStore } from './key-value-store';

/**
 * A project's flow settings, stored in a Forge custom entity under the project's id (keys survive
 * a project being renamed or re-keyed). Anyone who can browse the project reads them; only its
 * admins, as Jira says via `mypermissions`, change them. A save names the revision it edits and is
 * written only if that is still the stored revision, in one conditional transaction: of two admins
 * saving at once, one wins and the other is told who changed what under them; nothing is lost.
 */

const storedSchema = z.object({
  schemaVersion: z.literal(1),
  revision: z.number().int().min(1),
  settings: z.unknown(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

/** The first release kept settings under a plain key, with `version` for `schemaVersion`. */
const legacySchema = z.object({
  version: z.literal(1),
  revision: z.number().int().min(1),
  settings: z.unknown(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export function legacySettingsKey(projectId: string): string {
  return `settings:project:${projectId}`;
}

function entityKey(projectId: string): string {
  return `project:${projectId}`;
}

interface LoadedSettings {
  readonly settings: FlowSettings;
  readonly revision: number;
  readonly isDefault: boolean;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  readonly problem: string | null;
  /** Where the stored value was found: the entity, the first release's plain key, or nowhere. */
  readonly home: 'entity' | 'legacy' | 'none';
}

const DEFAULTS: LoadedSettings = {
  settings: DEFAULT_SETTINGS,
  revision: 0,
  isDefault: true,
  updatedAt: null,
  updatedBy: null,
  problem: null,
  home: 'none',
};

/** Reads stored settings; a value that does not parse yields the defaults and a reported problem. */
export async function readSettings(store: KeyValueStore, projectId: string): Promise<LoadedSettings> {
  // Both homes at once: every page load reads settings, and most projects never saved any.
  const [stored, legacy] = await Promise.all([
    store.getEntity(FLOW_SETTINGS_ENTITY.name, entityKey(projectId)),
    store.get(legacySettingsKey(projectId)),
  ]);
  if (stored !== undefined && stored !== null) return fromStored(stored, storedSchema, 'entity');
  if (legacy !== undefined && legacy !== null) return fromStored(legacy, legacySchema, 'legacy');
  return DEFAULTS;
}

function fromStored(
  stored: unknown,
  schema: typeof storedSchema | typeof legacySchema,
  home: LoadedSettings['home'],
): LoadedSettings {
  const envelope = schema.safeParse(stored);
  const parsed = envelope.success ? flowSettingsSchema.safeParse(envelope.data.settings) : null;
  if (!envelope.success || !parsed?.success) {
    const revision = z.object({ revision: z.number().int().min(0) }).safeParse(stored);
    return {
      ...DEFAULTS,
      revision: revision.success ? revision.data.revision : 0,
      problem: 'The stored settings could not be read, so the defaults apply. Saving replaces them.',
      home,
    };
  }
  return {
    settings: parsed.data,
    revision: envelope.data.revision,
    isDefault: false,
    updatedAt: envelope.data.updatedAt,
    updatedBy: envelope.data.updatedBy,
    problem: null,
    home,
  };
}

async function isProjectAdmin(jira: JiraClient, projectKey: string): Promise<boolean> {
  const p = await getMyPermissions(jira, ['ADMINISTER_PROJECTS', 'ADMINISTER'], { projectKey });
  return p.ADMINISTER_PROJECTS || p.ADMINISTER;
}

/** Who saved, by the name Jira shows the reader (it may hide it: then no name). */
async function nameOf(jira: JiraClient, accountId: string | null): Promise<string | null> {
  if (accountId === null || accountId === '') return null;
  return (await getUser(jira, accountId))?.displayName ?? null;
}

function view(
  project: JiraProject,
  loaded: LoadedSettings,
  canEdit: boolean,
  updatedByName: string | null,
  statuses: readonly KnownStatus[],
): SettingsView {
  return {
    projectKey: project.key,
    statuses,
    settings: loaded.settings,
    revision: loaded.revision,
    isDefault: loaded.isDefault,
    canEdit,
    updatedAt: loaded.updatedAt,
    updatedBy: loaded.updatedBy,
    updatedByName,
    storedSettingsProblem: loaded.problem,
  };
}

export async function getSettings(
  jira: JiraClient,
  store: KeyValueStore,
  projectKey: string,
): Promise<SettingsView> {
  // Reading the project first: a user who may not browse it gets NOT_FOUND, and no settings.
  const project = await visibleSpace(jira, projectKey);
  const [loaded, canEdit, statuses] = await Promise.all([
    readSettings(store, project.id),
    isProjectAdmin(jira, project.key),
    projectStatuses(jira, project.key),
  ]);
  return view(project, loaded, canEdit, await nameOf(jira, loaded.updatedBy), statuses);
}

export async function saveSettings(
  jira: JiraClient,
  store: KeyValueStore,
  input: { projectKey: string; revision: number; settings: FlowSettings },
  who: { accountId: string; now: number },
): Promise<SettingsView> {
  const project = await visibleSpace(jira, input.projectKey);
  if (!(await isProjectAdmin(jira, project.key))) {
    throw new DomainError(
      'NOT_PERMITTED',
      `Only administrators of the space ${project.key} can change its flow settings.`,
    );
  }
  const id = project.id;
  const current = await readSettings(store, id);
  if (current.revision !== input.revision) throw await conflict(jira, current, input.revision);
  const stored = {
    schemaVersion: 1 as const,
    revision: current.revision + 1,
    settings: input.settings,
    updatedAt: new Date(who.now).toISOString(),
    updatedBy: who.accountId,
  };
  // The check above answers most conflicts early; this condition is what makes the save atomic.
  const outcome = await store.transact([
    {
      kind: 'setEntity',
      entityName: FLOW_SETTINGS_ENTITY.name,
      key: entityKey(id),
      value: stored,
      condition:
        current.home === 'entity'
          ? { attribute: 'revision', equals: current.revision }
          : { attribute: 'revision', absent: true },
    },
    ...(current.home === 'legacy' ? [{ kind: 'delete' as const, key: legacySettingsKey(id) }] : []),
  ]);
  if (outcome === 'conflict') throw await conflict(jira, await readSettings(store, id), input.revision);
  const [name, statuses] = await Promise.all([
    nameOf(jira, who.accountId),
    projectStatuses(jira, project.key),
  ]);
  return view(project, { ...stored, isDefault: false, problem: null, home: 'entity' }, true, name, statuses);
}

/** The statuses of the project's workflows, one of each, in the order Jira lists them. */
async function projectStatuses(jira: JiraClient, projectKey: string): Promise<KnownStatus[]> {
  return distinctStatuses((await getProjectStatuses(jira, projectKey)).map(toKnownStatus));
}

async function conflict(jira: JiraClient, current: LoadedSettings, edited: number): Promise<DomainError> {
  const name = (await nameOf(jira, current.updatedBy)) ?? 'someone else';
  const when =
    current.updatedAt === null ? '' : ` at ${current.updatedAt.slice(0, 16).replace('T', ' ')} UTC`;
  return new DomainError(
    'CONFLICT',
    `${name} saved these settings${when}, after you opened them (revision ${current.revision}, you edited ${edited}). Reload to see their changes, then make yours again.`,
  );
}
