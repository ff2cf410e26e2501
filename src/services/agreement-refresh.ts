import { applyAction } from '../domain/agreement-actions';
import { Zone } from '../domain/calendar';
import { errorMessage } from '../domain/errors';
import { AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import { searchIssues } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import { agreementOf, writeAgreement } from './agreement-store';
import type { KeyValueStore } from './key-value-store';
import { readSettings } from './settings-service';

/**
 * The daily refresh (docs/debt-agreements.md#staying-current-without-opening-the-app): the status
 * of every open agreement, recomputed at `now` in its project's zone and written into the property
 * when it changed, so that plain JQL, filters and their subscriptions, and Jira's own gadgets show
 * what is overdue or due for review.
 *
 * It runs as the app, with no user. It writes only what is derived from the property itself and
 * the clock, into the property, which whoever may see the epic may read anyway; nothing it reads is
 * kept or shown to anybody.
 */

export interface RefreshOutcome {
  readonly scanned: number;
  readonly refreshed: number;
  readonly unchanged: number;
  readonly failed: readonly { readonly key: string; readonly message: string }[];
  /** More open agreements than one run takes: the next run goes on. */
  readonly more: boolean;
}

/** What one run takes, so that it ends well within its function's time. */
export const REFRESH_BATCH = 500;

/** Who the history and the lock name when the app itself writes. */
export const APP_ACCOUNT = 'flow-ledger-app';

export async function refreshAgreements(
  jira: JiraClient,
  store: KeyValueStore,
  now: number,
  limit = REFRESH_BATCH,
): Promise<RefreshOutcome> {
  // The oldest next review first: a run cut short has refreshed the ones most likely to have moved.
  const issues = await searchIssues(jira, {
    jql: 'debtAgreementState = open ORDER BY debtAgreementReview ASC, key ASC',
    fields: ['issuetype', 'project', 'labels', 'summary', 'created', 'status'],
    properties: [AGREEMENT_PROPERTY_KEY],
    limit: limit + 1,
  });
  const zones = new Map<string, Promise<Zone>>();
  const zoneOf = (projectId: string): Promise<Zone> => {
    let zone = zones.get(projectId);
    if (zone === undefined) {
      zone = readSettings(store, projectId).then((s) => new Zone(s.settings.timeZone));
      zones.set(projectId, zone);
    }
    return zone;
  };
  let refreshed = 0;
  let unchanged = 0;
  const failed: { key: string; message: string }[] = [];
  for (const issue of issues.slice(0, limit)) {
    const epic = agreementOf(issue);
    // Without its label an agreement is invalid until a person repairs it; the refresh leaves it be.
    if (epic.stored.kind !== 'agreement' || !epic.hasLabel) continue;
    try {
      const zone = await zoneOf(issue.fields.project?.id ?? epic.projectKey);
      const outcome = applyAction(
        epic.stored.agreement,
        { kind: 'refresh' },
        {
          by: APP_ACCOUNT,
          now,
          zone,
          writeId: `refresh-${new Date(now).toISOString().slice(0, 10)}`,
        },
      );
      if (!outcome.ok || !outcome.changed) {
        unchanged++;
        continue;
      }
      await writeAgreement(jira, store, epic, outcome.agreement, { accountId: APP_ACCOUNT, now });
      refreshed++;
    } catch (e) {
      // One epic that cannot be written (a conflict with a person's save, a refusal) does not stop the run.
      failed.push({ key: issue.key, message: errorMessage(e) });
    }
  }
  return {
    scanned: Math.min(issues.length, limit),
    refreshed,
    unchanged,
    failed,
    more: issues.length > limit,
  };
}
