/**
 * What the report found odd in the data it read (docs/flow-metrics.md#metrics "Data quality"), each with the issues
 * concerned, so that a team can fix its Jira rather than distrust the numbers.
 */
export const DATA_QUALITY_CODES = [
  'INFERRED_STATUS',
  'COMPLETED_WITHOUT_START',
  'CHANGE_BEFORE_CREATED',
  'CHANGELOG_STATUS_MISMATCH',
  'CHANGELOG_GAP',
  'INCOMPLETE_CHANGELOG',
  'TYPE_RULE_CONFLICT',
  'NOT_FLOW_ITEM_LEVEL',
  'NO_CHANGELOG',
  'NO_STATUS_HISTORY',
  'NO_CURRENT_STATUS',
  'STATUS_CATEGORY_CONFLICT',
  'INVALID_RECORD',
] as const;
export type DataQualityCode = (typeof DATA_QUALITY_CODES)[number];

export const DATA_QUALITY_DESCRIPTIONS: Readonly<Record<DataQualityCode, string>> = {
  INFERRED_STATUS: 'statuses whose category Jira did not give; the category was inferred from the name',
  COMPLETED_WITHOUT_START:
    'completed without ever being active or waiting: counted in velocity, no flow time',
  CHANGE_BEFORE_CREATED: 'status changes dated before the issue was created; treated as made at creation',
  CHANGELOG_STATUS_MISMATCH: "the changelog's last status is not the current status",
  CHANGELOG_GAP:
    'a status change starts from another status than the previous change went to (project or workflow moves)',
  INCOMPLETE_CHANGELOG: 'the source held only part of the changelog; the earliest changes are missing',
  TYPE_RULE_CONFLICT: 'more than one type rule matched with different types; the first rule decided',
  NOT_FLOW_ITEM_LEVEL: 'skipped because they are not at the flow-item hierarchy level',
  NO_CHANGELOG: 'without a changelog: completion from the resolution date (or creation), no work start',
  NO_STATUS_HISTORY:
    'with no status change in their history (imported or migrated): completion from the resolution date (or creation), no work start',
  NO_CURRENT_STATUS: 'read without their current status: it was taken from the last status change',
  STATUS_CATEGORY_CONFLICT:
    "in a status that carries another category than the one used for it (the status list's, or most work items')",
  INVALID_RECORD: 'records that could not be read and were left out',
};

export interface DataQualityFinding {
  readonly code: DataQualityCode;
  readonly count: number;
  readonly issues: readonly string[];
  readonly description: string;
  /** Extra detail for some codes, e.g. each inferred status and the state it was given. */
  readonly details?: readonly string[];
}

/** Collects issue keys per code, then emits findings in a fixed order with keys sorted naturally. */
export class DataQualityCollector {
  private readonly keys = new Map<DataQualityCode, Set<string>>();
  private readonly details = new Map<DataQualityCode, string[]>();

  add(code: DataQualityCode, issueKey: string): void {
    let set = this.keys.get(code);
    if (set === undefined) {
      set = new Set();
      this.keys.set(code, set);
    }
    set.add(issueKey);
  }

  detail(code: DataQualityCode, text: string): void {
    const list = this.details.get(code) ?? [];
    // Several spaces of a value stream may say the same of a status they share.
    if (list.includes(text)) return;
    list.push(text);
    this.details.set(code, list);
  }

  findings(): DataQualityFinding[] {
    const out: DataQualityFinding[] = [];
    for (const code of DATA_QUALITY_CODES) {
      const keys = this.keys.get(code);
      if (keys === undefined || keys.size === 0) continue;
      const issues = [...keys].sort(compareIssueKeys);
      const details = this.details.get(code);
      out.push({
        code,
        count: issues.length,
        issues,
        description: DATA_QUALITY_DESCRIPTIONS[code],
        ...(details !== undefined ? { details } : {}),
      });
    }
    return out;
  }
}

/** Orders `ABC-9` before `ABC-10`: project key alphabetically, then issue number numerically. */
export function compareIssueKeys(a: string, b: string): number {
  const da = a.lastIndexOf('-');
  const db = b.lastIndexOf('-');
  const pa = da < 0 ? a : a.slice(0, da);
  const pb = db < 0 ? b : b.slice(0, db);
  if (pa !== pb) return pa < pb ? -1 : 1;
  const na = Number(a.slice(da + 1));
  const nb = Number(b.slice(db + 1));
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
