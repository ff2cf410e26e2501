import type { FlowSettings, TypeRule } from './settings';
import type { FlowType, WorkItem } from './types';

/** How an item's flow type was decided: which rule, on which label or issue type. */
export interface Classification {
  readonly type: FlowType;
  /** Index into the settings' rules, or null when no rule matched and the default applied. */
  readonly ruleIndex: number | null;
  /** Human-readable reason, e.g. `label "tech-debt"` or `work type "Bug"`. */
  readonly reason: string;
  /** Types of later rules that also matched with a different type: a data-quality finding. */
  readonly conflictingTypes: readonly FlowType[];
}

interface CompiledRule {
  readonly type: FlowType;
  readonly labels: ReadonlySet<string>;
  readonly issueTypes: ReadonlySet<string>;
}

const normalise = (s: string): string => s.trim().toLowerCase();

/** Classifies items by the current issue type and labels (docs/flow-metrics.md#flow-items); feature when nothing matches. */
export class FlowTypeClassifier {
  private readonly rules: readonly CompiledRule[];
  private readonly memo = new Map<string, Classification>();

  constructor(rules: readonly TypeRule[]) {
    this.rules = rules.map((r) => ({
      type: r.type,
      labels: new Set(r.labels.map(normalise)),
      issueTypes: new Set(r.issueTypes.map(normalise)),
    }));
  }

  static fromSettings(settings: FlowSettings): FlowTypeClassifier {
    return new FlowTypeClassifier(settings.typeRules);
  }

  /** Items repeat a few combinations of type and labels; each combination is classified once. */
  classify(item: Pick<WorkItem, 'labels' | 'issueType'>): Classification {
    const key =
      item.labels.length === 0
        ? item.issueType.name
        : `${item.issueType.name}\u0000${item.labels.join('\u0000')}`;
    let result = this.memo.get(key);
    if (result === undefined) {
      result = this.decide(item);
      this.memo.set(key, result);
    }
    return result;
  }

  private decide(item: Pick<WorkItem, 'labels' | 'issueType'>): Classification {
    const issueType = normalise(item.issueType.name);
    const labels = item.labels.map(normalise);
    let decided: { index: number; reason: string; type: FlowType } | null = null;
    const conflicting = new Set<FlowType>();
    for (let index = 0; index < this.rules.length; index++) {
      const rule = this.rules[index];
      if (rule === undefined) continue;
      const reason = matchReason(rule, issueType, labels, item);
      if (reason === null) continue;
      if (decided === null) decided = { index, reason, type: rule.type };
      else if (rule.type !== decided.type) conflicting.add(rule.type);
    }
    if (decided === null) {
      return { type: 'feature', ruleIndex: null, reason: 'no rule matched (default)', conflictingTypes: [] };
    }
    return {
      type: decided.type,
      ruleIndex: decided.index,
      reason: decided.reason,
      conflictingTypes: [...conflicting],
    };
  }
}

function matchReason(
  rule: CompiledRule,
  issueType: string,
  labels: readonly string[],
  item: Pick<WorkItem, 'labels' | 'issueType'>,
): string | null {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label !== undefined && rule.labels.has(label)) return `label "${item.labels[i] ?? label}"`;
  }
  if (rule.issueTypes.has(issueType)) return `work type "${item.issueType.name}"`;
  return null;
}

/** True when the item sits at the hierarchy level the settings chose for flow items. */
export function isAtFlowItemLevel(
  item: Pick<WorkItem, 'issueType'>,
  settings: Pick<FlowSettings, 'flowItemLevel'>,
): boolean {
  return item.issueType.hierarchyLevel === settings.flowItemLevel;
}
