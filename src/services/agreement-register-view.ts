import type { PersonRef, RegisterRow, RegisterView } from '../contract';
import { agreementForecast, repaymentProgress, weeklyDebtVelocity } from '../domain/agreement-forecast';
import { rankRegister } from '../domain/agreement-register';
import { attentionThisWeek, readAgreement } from '../domain/agreement-status';
import { computeFlowReport } from '../domain/flow-report';
import { minimumPayments } from '../domain/minimum-payments';
import { seededRandom, seedOf } from '../domain/random';
import { AGREEMENT_LABEL, AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import { searchIssues } from '../jira/jira-search';
import { visibleSpace } from './space-access';
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
  let ledgerAgreed = false;
  let window = { from: '', to: '' };
  const owners = new Map<string, Promise<PersonRef | null>>();
  for (const [i, projectKey] of projectKeys.entries()) {
    const mine = epics.filter((e) => e.projectKey === projectKey);
    const space = spaces[i];
    if (space === undefined) continue;
    // The space as found visible above: asked of Jira once per register, not once more here.
    const flow = await projectFlow(
      jira,
      cache,
      space,
      mine.flatMap((e) => children.get(e.issue.key) ?? []),
      now,
    );
    window = flow.window;
    const velocity = weeklyDebtVelocity(flow.projectItems, flow.context, now);
    if (projectKeys.length === 1) {
      ledgerAgreed = flow.saved;
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
      if (a !== null && attentionThisWeek(a, flow.zone, now).includes('review-this-week'))
        dueForReviewThisWeek++;
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
  const wanted =
    request.statuses === undefined || request.statuses.length === 0 ? null : new Set(request.statuses);
  return {
    projectKeys,
    rows: rankRegister(withOwners).filter((r) => wanted === null || wanted.has(r.status)),
    dueForReviewThisWeek,
    ledger,
    ledgerAgreed,
    jql: registerJql(projectKeys).replace(' ORDER BY key ASC', ' ORDER BY debtAgreementDue ASC'),
    from: window.from,
    to: window.to,
    asOf: new Date(now).toISOString(),
  };
}
