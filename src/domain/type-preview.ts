import { FlowTypeClassifier, isAtFlowItemLevel } from './classify';
import type { FlowSettings } from './settings';
import type { FlowType, IssueTypeRef, WorkItem } from './types';

/**
 * How many work items share one issue type and one set of labels: all the type rules look at, so
 * a project's items fold into a few dozen kinds that a settings page can re-classify at each
 * keystroke without reading Jira again.
 */
export interface ItemKind {
  readonly issueType: IssueTypeRef;
  readonly labels: readonly string[];
  readonly count: number;
}

/** Where a draft of the type rules puts the items of the chosen flow-item level. */
export interface TypePreview {
  /** Items at the flow-item level. */
  readonly total: number;
  readonly byType: Readonly<Record<FlowType, number>>;
  /** For each rule, the items it decides (the first rule that matches decides). */
  readonly byRule: readonly number[];
  /** Items that no rule matched, features by default. */
  readonly unmatched: number;
}

/** The items folded into kinds, the most numerous first. */
export function kindsOf(items: readonly Pick<WorkItem, 'issueType' | 'labels'>[]): ItemKind[] {
  const kinds = new Map<string, { issueType: IssueTypeRef; labels: string[]; count: number }>();
  for (const item of items) {
    const labels = [...item.labels].sort();
    const key = JSON.stringify([item.issueType.name, item.issueType.hierarchyLevel, labels]);
    const kind = kinds.get(key);
    if (kind === undefined) kinds.set(key, { issueType: item.issueType, labels, count: 1 });
    else kind.count++;
  }
  return [...kinds.values()].sort((a, b) => b.count - a.count);
}

/** Classifies the kinds as the report would with these settings (docs/flow-metrics.md#flow-items). */
export function previewTypeRules(
  kinds: readonly ItemKind[],
  settings: Pick<FlowSettings, 'typeRules' | 'flowItemLevel'>,
): TypePreview {
  const classifier = new FlowTypeClassifier(settings.typeRules);
  const byType: Record<FlowType, number> = { feature: 0, defect: 0, risk: 0, debt: 0 };
  const byRule = settings.typeRules.map(() => 0);
  let total = 0;
  let unmatched = 0;
  for (const kind of kinds) {
    if (!isAtFlowItemLevel(kind, settings)) continue;
    const decided = classifier.classify(kind);
    total += kind.count;
    byType[decided.type] += kind.count;
    if (decided.ruleIndex === null) unmatched += kind.count;
    else byRule[decided.ruleIndex] = (byRule[decided.ruleIndex] ?? 0) + kind.count;
  }
  return { total, byType, byRule, unmatched };
}
