import type { AgreementView, PersonRef, RegisterRow, RegisterView } from '../contract';
import type { AgreementTerms } from '../domain/agreement';
import { applyAction, type AgreementAction } from '../domain/agreement-actions';
import { agreementForecast, repaymentProgress, weeklyDebtVelocity } from '../domain/agreement-forecast';
import { rankRegister } from '../domain/agreement-register';
import { readAgreement, type AgreementReading } from '../domain/agreement-status';
import { formatCivilDate, isoWeekStart, Zone } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { createFlowContext, type FlowContext } from '../domain/flow-context';
import { computeFlowReport } from '../domain/flow-report';
import { interestEvidence, EVIDENCE_WEEKS, type InterestEvidence } from '../domain/interest-evidence';
import { minimumPayments } from '../domain/minimum-payments';
import { seededRandom, seedOf } from '../domain/random';
import type { FlowSettings } from '../domain/settings';
import type { KnownStatus, WorkItem } from '../domain/types';
import { defaultWindow } from '../domain/window';
import { AGREEMENT_LABEL, AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import {
  getMyPermissions,
  getProject,
  getUser,
  searchIssues,
  searchUsersWhoCanBrowse,
} from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import { toWorkItem } from '../jira/issue-mapper';
import { inOneLoad } from '../jira/load-scope';
import {
  agreementOf,
  deleteAgreement,
  readEpicAgreement,
  repairLabel,
  storedRevision,
  writeAgreement,
  type EpicAgreement,
} from './agreement-store';
import { APP_ACCOUNT } from './agreement-refresh';
import type { KeyValueStore } from './key-value-store';
import { childrenJql, fetchItems, fetchProjectData, startFlaggedLookup } from './project-data';
import { readSettings } from './settings-service';

/**
 * The use cases of technical-debt agreements (docs/debt-agreements.md): read one with its
 * progress, forecast and evidence; change it; delete or repair it; the register of a project or
 * several. Jira is read and written as the user: Jira decides who may see and edit each epic.
 */

interface Caller {
  readonly accountId: string;
  readonly now: number;
}

/** What the panel and the register need beside the agreement: the project's flow of the last twelve weeks. */
interface FlowContextOfProject {
  readonly settings: FlowSettings;
  readonly zone: Zone;
  readonly statuses: KnownStatus[];
  readonly projectItems: WorkItem[];
  readonly context: FlowContext;
  readonly window: { readonly from: string; readonly to: string };
}

async function projectFlow(
  jira: JiraClient,
  store: KeyValueStore,
  projectKey: string,
  extraItems: readonly WorkItem[],
  now: number,
): Promise<FlowContextOfProject & { projectId: string }> {
  const project = await getProject(jira, projectKey);
  const { settings } = await readSettings(store, project.id ?? project.key);
  const zone = new Zone(settings.timeZone);
  const window = defaultWindow({ weeks: EVIDENCE_WEEKS }, zone, now);
  const { statuses, items } = await fetchProjectData(jira, project, window.from, now);
  const projectItems = items.filter((i) => i.projectKey === project.key);
  return {
    projectId: project.id ?? project.key,
    settings,
    zone,
    statuses,
    projectItems,
    context: createFlowContext(settings, statuses, [...projectItems, ...extraItems]),
    window,
  };
}

/** The interest evidence of an epic's children against the project over the last twelve weeks. */
function evidenceOf(
  flow: FlowContextOfProject,
  projectKey: string,
  children: readonly WorkItem[],
  now: number,
  repaidAt: string | null,
): InterestEvidence {
  return interestEvidence({
    projectKey,
    epicChildren: children,
    projectItems: flow.projectItems,
    statuses: flow.statuses,
    settings: flow.settings,
    zone: flow.zone,
    window: flow.window,
    now,
    repaidAt,
  });
}

/** The children of some epics, with their changelogs. */
async function childrenOf(jira: JiraClient, epicKeys: readonly string[]): Promise<Map<string, WorkItem[]>> {
  const out = new Map<string, WorkItem[]>(epicKeys.map((k) => [k, []]));
  if (epicKeys.length === 0) return out;
  const items = await inOneLoad(jira, async (load) => {
    const flagged = startFlaggedLookup(load);
    const jql =
      epicKeys.length === 1
        ? childrenJql(epicKeys[0] ?? '')
        : `parent in (${epicKeys.map((k) => `"${k}"`).join(', ')}) ORDER BY key ASC`;
    return (await load.start(() => fetchItems(load, jql, flagged))).items;
  });
  for (const item of items) if (item.parentKey !== null) out.get(item.parentKey)?.push(item);
  return out;
}

function repairOf(epic: EpicAgreement): AgreementView['repair'] {
  if (epic.stored.kind === 'agreement' && !epic.hasLabel) return 'add-label';
  if (epic.stored.kind === 'none' && epic.hasLabel) return 'remove-label';
  return null;
}

async function personOf(jira: JiraClient, accountId: string | null): Promise<PersonRef | null> {
  if (accountId === null) return null;
  return { accountId, displayName: (await getUser(jira, accountId))?.displayName ?? null };
}

/** The app writes the daily refresh; people are named as Jira shows them to the reader. */
async function namesOf(
  jira: JiraClient,
  accountIds: readonly string[],
): Promise<Record<string, string | null>> {
  const ids = [...new Set(accountIds)];
  const names = await Promise.all(
    ids.map(async (id) =>
      id === APP_ACCOUNT ? 'Flow Ledger' : ((await getUser(jira, id))?.displayName ?? null),
    ),
  );
  return Object.fromEntries(ids.map((id, i) => [id, names[i] ?? null]));
}

function requireEpic(epic: EpicAgreement): void {
  const level = toWorkItem(epic.issue).issueType.hierarchyLevel;
  if (level !== 1) {
    throw new DomainError(
      'INVALID_INPUT',
      `${epic.issue.key} is a ${epic.issue.fields.issuetype.name}, not an epic: agreements are recorded on epics.`,
    );
  }
}

/** The panel's view of an epic's agreement, with its progress, forecast and interest evidence. */
async function viewOf(
  jira: JiraClient,
  store: KeyValueStore,
  epic: EpicAgreement,
  now: number,
): Promise<AgreementView> {
  const children = (await childrenOf(jira, [epic.issue.key])).get(epic.issue.key) ?? [];
  const flow = await projectFlow(jira, store, epic.projectKey, children, now);
  const [permissions, owner, people] = await Promise.all([
    getMyPermissions(jira, ['EDIT_ISSUES'], { issueKey: epic.issue.key }),
    personOf(jira, epic.stored.kind === 'agreement' ? epic.stored.agreement.owner : null),
    namesOf(jira, epic.stored.kind === 'agreement' ? epic.stored.agreement.history.map((h) => h.by) : []),
  ]);
  const reading: AgreementReading | null = readAgreement(epic.stored, epic.hasLabel, flow.zone, now);
  const agreement = epic.stored.kind === 'agreement' ? epic.stored.agreement : null;
  let progress = null;
  let forecast = null;
  let evidence = null;
  if (agreement !== null) {
    progress = repaymentProgress(children, flow.context, now);
    forecast = agreementForecast(
      agreement,
      progress,
      weeklyDebtVelocity(flow.projectItems, flow.context, now),
      { random: seededRandom(seedOf(epic.issue.key)), now, zone: flow.zone },
    );
    evidence = evidenceOf(flow, epic.projectKey, children, now, agreement.repaidAt);
  }
  return {
    epic: { key: epic.issue.key, summary: epic.issue.fields.summary ?? '', projectKey: epic.projectKey },
    canEdit: permissions.EDIT_ISSUES,
    status: reading?.status ?? null,
    problem: reading?.problem ?? null,
    repair: repairOf(epic),
    agreement,
    revision: storedRevision(epic),
    defaults: {
      dueDate: formatCivilDate(flow.zone.dayOf(now) + flow.settings.agreementRepayWithinDays),
      reviewCadenceDays: flow.settings.agreementReviewCadenceDays,
    },
    owner,
    people,
    progress,
    forecast,
    evidence,
    timeZone: flow.settings.timeZone,
    asOf: new Date(now).toISOString(),
  };
}

async function epicFor(jira: JiraClient, issueKey: string): Promise<EpicAgreement> {
  const epic = await readEpicAgreement(jira, issueKey);
  requireEpic(epic);
  return epic;
}

export async function getAgreement(
  jira: JiraClient,
  store: KeyValueStore,
  issueKey: string,
  now: number,
): Promise<AgreementView> {
  return viewOf(jira, store, await epicFor(jira, issueKey), now);
}

export interface ChangeRequest {
  readonly issueKey: string;
  /** The revision the change was made on; 0 for a new agreement. */
  readonly revision: number;
  /** Chosen by the page for this write: a retry with the same id is the same write. */
  readonly writeId: string;
  readonly action:
    | { readonly kind: 'save'; readonly terms: AgreementTerms }
    | { readonly kind: 'review' | 'repay' | 'cancel' | 'reopen'; readonly note: string | null };
}

/**
 * Records, edits, reviews, repays, cancels or reopens an agreement: checks the user may edit the
 * epic, that the revision is the stored one, applies the rules, and writes through the lock.
 */
export async function changeAgreement(
  jira: JiraClient,
  store: KeyValueStore,
  request: ChangeRequest,
  caller: Caller,
): Promise<AgreementView> {
  const epic = await epicFor(jira, request.issueKey);
  const current = epic.stored.kind === 'agreement' ? epic.stored.agreement : null;
  // A write retried after its answer was lost finds its own revision: the same write, done once.
  if (current !== null && current.writeId === request.writeId && current.revision === request.revision + 1)
    return viewOf(jira, store, await ensureLabel(jira, epic), caller.now);
  const { EDIT_ISSUES } = await getMyPermissions(jira, ['EDIT_ISSUES'], { issueKey: epic.issue.key });
  if (!EDIT_ISSUES)
    throw new DomainError(
      'NOT_PERMITTED',
      `You may not edit ${epic.issue.key}, so you cannot change its agreement.`,
    );
  if (request.revision !== storedRevision(epic)) {
    const by = current === null ? null : await personOf(jira, current.updatedBy);
    throw new DomainError(
      'CONFLICT',
      `${by?.displayName ?? 'Someone else'} changed this agreement after you opened it (revision ${storedRevision(epic)}, you had ${request.revision}). Reload to see the change.`,
    );
  }
  if (epic.stored.kind === 'unreadable' && request.action.kind !== 'save')
    throw new DomainError(
      'INVALID_INPUT',
      'The recorded agreement cannot be read; record it again, or delete it.',
    );
  const project = await getProject(jira, epic.projectKey);
  const { settings } = await readSettings(store, project.id ?? project.key);
  const action: AgreementAction = request.action;
  const outcome = applyAction(current, action, {
    by: caller.accountId,
    now: caller.now,
    zone: new Zone(settings.timeZone),
    writeId: request.writeId,
  });
  if (!outcome.ok) throw new DomainError('INVALID_INPUT', outcome.message, prefixed(outcome.fields));
  if (!outcome.changed) return viewOf(jira, store, epic, caller.now);
  const written = await writeAgreement(jira, store, epic, outcome.agreement, caller);
  const after: EpicAgreement = {
    ...epic,
    stored: { kind: 'agreement', agreement: outcome.agreement },
    hasLabel: written.labelled,
  };
  return viewOf(jira, store, after, caller.now);
}

/** Field errors by their path in the payload, as a form reads them. */
function prefixed(fields: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (fields === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k === 'note' ? 'note' : `terms.${k}`] = v;
  return out;
}

async function ensureLabel(jira: JiraClient, epic: EpicAgreement): Promise<EpicAgreement> {
  if (epic.hasLabel) return epic;
  await repairLabel(jira, epic);
  return { ...epic, hasLabel: true };
}

export async function removeAgreement(
  jira: JiraClient,
  store: KeyValueStore,
  request: { readonly issueKey: string; readonly revision: number },
  caller: Caller,
): Promise<AgreementView> {
  const epic = await epicFor(jira, request.issueKey);
  const { EDIT_ISSUES } = await getMyPermissions(jira, ['EDIT_ISSUES'], { issueKey: epic.issue.key });
  if (!EDIT_ISSUES)
    throw new DomainError(
      'NOT_PERMITTED',
      `You may not edit ${epic.issue.key}, so you cannot delete its agreement.`,
    );
  if (request.revision !== storedRevision(epic))
    throw new DomainError(
      'CONFLICT',
      'The agreement changed after you opened it; reload before deleting it.',
    );
  const { unlabelled } = await deleteAgreement(jira, store, epic, caller);
  return viewOf(jira, store, { ...epic, stored: { kind: 'none' }, hasLabel: !unlabelled }, caller.now);
}

export async function repairAgreement(
  jira: JiraClient,
  store: KeyValueStore,
  issueKey: string,
  caller: Caller,
): Promise<AgreementView> {
  const epic = await epicFor(jira, issueKey);
  await repairLabel(jira, epic);
  return viewOf(jira, store, await readEpicAgreement(jira, issueKey), caller.now);
}

export function findPeople(
  jira: JiraClient,
  request: { readonly projectKey: string; readonly query: string },
): Promise<PersonRef[]> {
  return searchUsersWhoCanBrowse(jira, request.projectKey, request.query);
}

/** The register's search: every epic of the projects with the label or an agreement property. */
export function registerJql(projectKeys: readonly string[]): string {
  const projects = projectKeys.map((k) => `"${k}"`).join(', ');
  return `project in (${projects}) AND (labels = ${AGREEMENT_LABEL} OR debtAgreementState in (open, repaid, cancelled)) ORDER BY key ASC`;
}

/**
 * The register of one project or several: every agreement, ranked, with its status, progress,
 * forecast and interest evidence; for one project, its minimum-payments ledger too.
 */
export async function listAgreements(
  jira: JiraClient,
  store: KeyValueStore,
  request: { readonly projectKeys: readonly string[]; readonly statuses?: readonly string[] | undefined },
  now: number,
): Promise<RegisterView> {
  const projectKeys = [...new Set(request.projectKeys.map((k) => k.toUpperCase()))];
  for (const key of projectKeys) await getProject(jira, key); // a project the user may not see is NOT_FOUND
  const epics = (
    await searchIssues(jira, { jql: registerJql(projectKeys), properties: [AGREEMENT_PROPERTY_KEY] })
  )
    .map(agreementOf)
    .filter((e) => toWorkItem(e.issue).issueType.hierarchyLevel === 1);
  const children = await childrenOf(
    jira,
    epics.map((e) => e.issue.key),
  );
  const rows: RegisterRow[] = [];
  let dueForReviewThisWeek = 0;
  let ledger = null;
  let window = { from: '', to: '' };
  const owners = new Map<string, Promise<PersonRef | null>>();
  for (const projectKey of projectKeys) {
    const mine = epics.filter((e) => e.projectKey === projectKey);
    const flow = await projectFlow(
      jira,
      store,
      projectKey,
      mine.flatMap((e) => children.get(e.issue.key) ?? []),
      now,
    );
    window = flow.window;
    const velocity = weeklyDebtVelocity(flow.projectItems, flow.context, now);
    const endOfWeek = formatCivilDate(isoWeekStart(flow.zone.dayOf(now)) + 6);
    if (projectKeys.length === 1) {
      ledger = minimumPayments(
        computeFlowReport({
          project: projectKey,
          items: flow.projectItems,
          statuses: flow.statuses,
          window: flow.window,
          settings: flow.settings,
        }),
      );
    }
    for (const epic of mine) {
      const reading = readAgreement(epic.stored, epic.hasLabel, flow.zone, now);
      if (reading === null) continue;
      const a = epic.stored.kind === 'agreement' ? epic.stored.agreement : null;
      const kids = children.get(epic.issue.key) ?? [];
      const progress = a === null ? null : repaymentProgress(kids, flow.context, now);
      if (a !== null && a.state === 'open' && a.nextReviewDate <= endOfWeek) dueForReviewThisWeek++;
      const owner = a?.owner ?? null;
      if (owner !== null && !owners.has(owner)) owners.set(owner, personOf(jira, owner));
      const evidence = a === null ? null : evidenceOf(flow, projectKey, kids, now, null);
      rows.push({
        key: epic.issue.key,
        summary: epic.issue.fields.summary ?? '',
        projectKey,
        status: reading.status,
        problem: reading.problem,
        state: a?.state ?? null,
        reason: a?.reason ?? null,
        interest: a?.interest ?? null,
        visibility: a?.visibility ?? null,
        score: a?.score ?? null,
        dueDate: a?.dueDate ?? null,
        nextReviewDate: a?.nextReviewDate ?? null,
        owner: owner === null ? null : { accountId: owner, displayName: null },
        progress: progress === null ? null : { done: progress.done, open: progress.open },
        forecast:
          a === null || progress === null
            ? null
            : agreementForecast(a, progress, velocity, {
                random: seededRandom(seedOf(epic.issue.key)),
                now,
                zone: flow.zone,
              }),
        evidence: evidence === null ? null : { epic: evidence.epic, project: evidence.project },
      });
    }
  }
  const named = new Map<string, PersonRef | null>();
  for (const [id, person] of owners) named.set(id, await person);
  const withOwners = rows.map((r) =>
    r.owner === null ? r : { ...r, owner: named.get(r.owner.accountId) ?? r.owner },
  );
  const wanted =
    request.statuses === undefined || request.statuses.length === 0 ? null : new Set(request.statuses);
  return {
    projectKeys,
    rows: rankRegister(withOwners).filter((r) => wanted === null || wanted.has(r.status)),
    dueForReviewThisWeek,
    ledger,
    jql: registerJql(projectKeys).replace(' ORDER BY key ASC', ' ORDER BY debtAgreementDue ASC'),
    from: window.from,
    to: window.to,
    asOf: new Date(now).toISOString(),
  };
}
