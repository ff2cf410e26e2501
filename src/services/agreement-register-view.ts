import { formatCivilDate, type Zone } from '../domain/calendar';
import type { PersonRef, RegisterRow, RegisterView } from '../contract';
import { agreementForecast, repaymentProgress, weeklyDebtVelocity } from '../domain/agreement-forecast';
import { rankRegister } from '../domain/agreement-register';
import { attentionThisWeek, readAgreement } from '../domain/agreement-status';
import { computeFlowReport } from '../domain/flow-report';
import { minimumPayments, type MinimumPaymentsLedger } from '../domain/minimum-payments';
import { seededRandom, seedOf } from '../domain/random';
import { AGREEMENT_LABEL, AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import { searchIssues } from '../jira/jira-search';
import { visibleSpace, type Space } from './space-access';
import { inParallel } from './in-parallel';
import type { JiraClient } from '../jira/jira-client';
import { toWorkItem } from '../jira/issue-mapper';
import { childrenOf, evidenceOf, projectFlow } from './agreement-flow';
import { agreementOf } from './agreement-store';
import { personOf } from './agreement-view';
import type { CacheContext } from './window-read';

/**
 * The register of one space or several (docs/debt-agreements.md#score-and-rank): every agreement,
 * ranked, with its status, progress, forecast and interest evidence, read as the user.
 */

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
  cache: CacheContext,
  request: { readonly projectKeys: readonly string[]; readonly statuses?: readonly string[] | undefined },
  now: number,
): Promise<RegisterView> {
  const projectKeys = [...new Set(request.projectKeys.map((k) => k.toUpperCase()))];
  // A space the user may not see is NOT_FOUND, as one that does not exist, named as they gave it.
  const typed = new Map(request.projectKeys.map((k) => [k.toUpperCase(), k]));
  const spaces = await Promise.all(projectKeys.map((key) => visibleSpace(jira, typed.get(key) ?? key)));
  const { view, ledgers } = await registerOfSpaces(jira, cache, spaces, request.statuses, now);
  const [only] = ledgers;
  return spaces.length === 1 && only !== undefined
    ? { ...view, ledger: only.ledger, ledgerAgreed: only.ledgerAgreed }
    : view;
}

/** A space's minimum-payments ledger over the register's window, and whether its band is agreed. */
export interface SpaceLedger {
  readonly space: Space;
  readonly ledger: MinimumPaymentsLedger | null;
  readonly ledgerAgreed: boolean;
}

/** Spaces whose twelve weeks are read at once: each read runs its own Jira calls in the client's lanes. */
const SPACES_IN_FLIGHT = 3;

/**
 * The register of spaces the caller has found visible, and each space's minimum payments: the
 * project page's register (one space) and a value stream's (its spaces the reader may browse).
 */
export async function registerOfSpaces(
  jira: JiraClient,
  cache: CacheContext,
  spaces: readonly Space[],
  statuses: readonly string[] | undefined,
  now: number,
): Promise<{ view: RegisterView; ledgers: SpaceLedger[] }> {
  const projectKeys = spaces.map((s) => s.key);
  const epics =
    spaces.length === 0
      ? []
      : (await searchIssues(jira, { jql: registerJql(projectKeys), properties: [AGREEMENT_PROPERTY_KEY] }))
          .map(agreementOf)
          .filter((e) => toWorkItem(e.issue).issueType.hierarchyLevel === 1);
  const children = await childrenOf(
    jira,
    epics.map((e) => e.issue.key),
  );
  const rows: RegisterRow[] = [];
  let dueForReviewThisWeek = 0;
  let window = { from: '', to: '' };
  const owners = new Map<string, Promise<PersonRef | null>>();
  // The spaces as found visible by the caller: asked of Jira once per register, not once more here.
  const flows = await inParallel(spaces, SPACES_IN_FLIGHT, (space) =>
    projectFlow(
      jira,
      cache,
      space,
      epics.filter((e) => e.projectKey === space.key).flatMap((e) => children.get(e.issue.key) ?? []),
      now,
    ),
  );
  const ledgers: SpaceLedger[] = [];
  for (const [i, space] of spaces.entries()) {
    const projectKey = space.key;
    const mine = epics.filter((e) => e.projectKey === projectKey);
    const flow = flows[i];
    if (flow === undefined) continue;
    window = flow.window;
    const velocity = weeklyDebtVelocity(flow.projectItems, flow.context, now);
    ledgers.push({
      space,
      ledgerAgreed: flow.saved,
      ledger: minimumPayments(
        computeFlowReport({
          project: projectKey,
          items: flow.projectItems,
          statuses: flow.statuses,
          window: flow.window,
          settings: flow.settings,
        }),
      ),
    });
    for (const epic of mine) {
      const reading = readAgreement(epic.stored, epic.hasLabel, flow.zone, now);
      if (reading === null) continue;
      const a = epic.stored.kind === 'agreement' ? epic.stored.agreement : null;
      const kids = children.get(epic.issue.key) ?? [];
      const progress = a === null ? null : repaymentProgress(kids, flow.context, now);
      if (a !== null && attentionThisWeek(a, flow.zone, now).includes('review-this-week'))
        dueForReviewThisWeek++;
      const owner = a?.owner ?? null;
      if (owner !== null && !owners.has(owner)) owners.set(owner, personOf(jira, owner));
      const evidence = a === null ? null : evidenceOf(flow, projectKey, kids, now, null);
      rows.push({
        key: epic.issue.key,
        revision: a?.revision ?? 0,
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
        lastReviewedOn: dayIn(a?.lastReviewedAt ?? null, flow.zone),
        repaidOn: dayIn(a?.repaidAt ?? null, flow.zone),
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
        evidence:
          evidence === null
            ? null
            : { epic: evidence.epic, epicSource: evidence.epicSource, project: evidence.project },
      });
    }
  }
  const named = new Map<string, PersonRef | null>();
  for (const [id, person] of owners) named.set(id, await person);
  const withOwners = rows.map((r) =>
    r.owner === null ? r : { ...r, owner: named.get(r.owner.accountId) ?? r.owner },
  );
  const wanted = statuses === undefined || statuses.length === 0 ? null : new Set(statuses);
  const view: RegisterView = {
    projectKeys,
    rows: rankRegister(withOwners).filter((r) => wanted === null || wanted.has(r.status)),
    dueForReviewThisWeek,
    ledger: null,
    ledgerAgreed: false,
    // No space, no search: `project in ()` is not JQL.
    jql:
      projectKeys.length === 0
        ? ''
        : registerJql(projectKeys).replace(' ORDER BY key ASC', ' ORDER BY debtAgreementDue ASC'),
    from: window.from,
    to: window.to,
    asOf: new Date(now).toISOString(),
  };
  return { view, ledgers };
}

/** An instant's day in the space's time zone, by the domain's rule. */
function dayIn(iso: string | null, zone: Zone): string | null {
  return iso === null ? null : formatCivilDate(zone.dayOf(Date.parse(iso)));
}
