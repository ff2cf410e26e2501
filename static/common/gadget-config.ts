import { AGREEMENT_STATUSES, type AgreementStatus } from '../../src/domain/agreement';
import { GADGET_REFRESH_MINUTES, isGadgetRefresh } from '../../src/jira/gadget-refresh';

/** What a gadget remembers between views (`view.submit` in edit mode; `gadgetConfiguration` after). */
export interface GadgetConfig {
  /** The space it shows; '' when it shows a value stream. */
  readonly projectKey: string;
  /** The value stream it shows instead of a space (docs/value-streams.md), or null. */
  readonly streamId: string | null;
  readonly weeks: number;
  /** JQL narrowing the space's work items (a team's label, a component); null for all of them. */
  readonly filter: string | null;
  /** Whether each type's share is shown against its target. */
  readonly showTargets: boolean;
  /** Completed work per week or month under the mix; null for none. */
  readonly trendPeriod: 'week' | 'month' | null;
  /** Minutes between the dashboard's own refreshes of the gadget; null: only when asked. */
  readonly refresh: number | null;
}

/** The intervals Jira's own gadgets offer (src/jira/gadget-refresh.ts). */
export const REFRESH_CHOICES: readonly number[] = GADGET_REFRESH_MINUTES;

function readRefresh(raw: Readonly<Record<string, unknown>>): number | null {
  // Another interval (saved by hand, or by an older version) is not Jira's: only when asked.
  return isGadgetRefresh(raw.refresh) ? raw.refresh : null;
}

/** What an edit view gives `view.submit`: the configuration, with `refresh` only when there is one. */
export function submitted<C extends { readonly refresh: number | null }>(
  config: C,
): Omit<C, 'refresh'> & { refresh?: number } {
  const { refresh, ...rest } = config;
  return refresh === null ? rest : { ...rest, refresh };
}

/** The recent windows offered, on the project page and in the gadget alike. */
export const WEEK_CHOICES: readonly number[] = [4, 12, 26, 52];
/** The longest window a request may name (the contract's own limit). */
const MAX_WEEKS = 260;

const STREAM_ID = /^[A-Za-z0-9-]{8,64}$/;

export function readGadgetConfig(raw: Readonly<Record<string, unknown>>): GadgetConfig | null {
  const projectKey = typeof raw.projectKey === 'string' ? raw.projectKey : '';
  const streamId = typeof raw.streamId === 'string' && STREAM_ID.test(raw.streamId) ? raw.streamId : null;
  const weeks = raw.weeks;
  if (projectKey === '' && streamId === null) return null;
  // A window saved before the choices changed (8 weeks, say) is kept as it was saved.
  const valid = typeof weeks === 'number' && Number.isInteger(weeks) && weeks >= 1 && weeks <= MAX_WEEKS;
  const filter = typeof raw.filter === 'string' && raw.filter.trim() !== '' ? raw.filter.trim() : null;
  // Saved before the option existed: targets were always shown.
  const showTargets = typeof raw.showTargets === 'boolean' ? raw.showTargets : true;
  const trendPeriod = raw.trendPeriod === 'week' || raw.trendPeriod === 'month' ? raw.trendPeriod : null;
  return {
    projectKey: streamId === null ? projectKey : '',
    streamId,
    weeks: valid ? weeks : 12,
    filter,
    showTargets,
    trendPeriod,
    refresh: readRefresh(raw),
  };
}

/** What the agreements gadget remembers: the spaces it lists, and which statuses (none: every one). */
export interface AgreementsGadgetConfig {
  readonly projectKeys: readonly string[];
  readonly statuses: readonly AgreementStatus[];
  /** As in GadgetConfig. */
  readonly refresh: number | null;
}

/** As many spaces as the register reads in one call. */
export const MAX_GADGET_PROJECTS = 10;

export function readAgreementsGadgetConfig(
  raw: Readonly<Record<string, unknown>>,
): AgreementsGadgetConfig | null {
  const keys = Array.isArray(raw.projectKeys)
    ? raw.projectKeys.filter((k): k is string => typeof k === 'string' && k !== '')
    : [];
  if (keys.length === 0) return null;
  const statuses = Array.isArray(raw.statuses) ? raw.statuses : [];
  return {
    projectKeys: [...new Set(keys)].slice(0, MAX_GADGET_PROJECTS),
    statuses: AGREEMENT_STATUSES.filter((s) => statuses.includes(s)),
    refresh: readRefresh(raw),
  };
}
