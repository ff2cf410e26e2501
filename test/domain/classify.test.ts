import { FlowTypeClassifier, isAtFlowItemLevel } from '../../src/domain/classify';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { workItem, settings } from '../support/work-items';

describe('flow item type (docs/flow-metrics.md#flow-items, default rules, first match wins)', () => {
  const classifier = FlowTypeClassifier.fromSettings(DEFAULT_SETTINGS);

  test.each([
    // [issue type, labels, expected type, expected reason]
    ['Story', [], 'feature', 'no rule matched (default)'],
    ['Task', [], 'feature', 'no rule matched (default)'],
    ['Feature Request', [], 'feature', 'no rule matched (default)'],
    ['Bug', [], 'defect', 'work type "Bug"'],
    ['defect', [], 'defect', 'work type "defect"'],
    ['Incident', [], 'defect', 'work type "Incident"'],
    ['Problem', [], 'defect', 'work type "Problem"'],
    ['Risk', [], 'risk', 'work type "Risk"'],
    ['Vulnerability', [], 'risk', 'work type "Vulnerability"'],
    ['Tech Debt', [], 'debt', 'work type "Tech Debt"'],
    ['technical debt', [], 'debt', 'work type "technical debt"'],
    ['Refactoring', [], 'debt', 'work type "Refactoring"'],
    ['Story', ['Tech-Debt'], 'debt', 'label "Tech-Debt"'],
    ['Task', ['refactor'], 'debt', 'label "refactor"'],
    ['Story', ['SECURITY'], 'risk', 'label "SECURITY"'],
    ['Story', ['compliance', 'ui'], 'risk', 'label "compliance"'],
    ['Story', ['frontend', 'ui'], 'feature', 'no rule matched (default)'],
  ])('%s with labels %j is %s', (type, labels, expected, reason) => {
    const c = classifier.classify(workItem({ type, labels }));
    expect(c.type).toBe(expected);
    expect(c.reason).toBe(reason);
  });

  test('overlapping rules: the first decides and the conflict is reported', () => {
    // A bug labelled security matches the risk rule (label) and the defect rule (type): risk wins.
    const c = classifier.classify(workItem({ type: 'Bug', labels: ['security'] }));
    expect(c.type).toBe('risk');
    expect(c.ruleIndex).toBe(0);
    expect(c.conflictingTypes).toEqual(['defect']);
  });

  test('a debt label on a Bug makes it debt, with the defect rule noted as a conflict', () => {
    const c = classifier.classify(workItem({ type: 'Bug', labels: ['tech-debt'] }));
    expect(c.type).toBe('debt');
    expect(c.conflictingTypes).toEqual(['defect']);
  });

  test('two matches of the same type are no conflict', () => {
    const c = classifier.classify(workItem({ type: 'Security', labels: ['vulnerability'] }));
    expect(c.type).toBe('risk');
    expect(c.conflictingTypes).toEqual([]);
  });

  test('settings replace the rules entirely, in their order', () => {
    const custom = new FlowTypeClassifier([
      { type: 'debt', labels: [], issueTypes: ['Improvement'] },
      { type: 'defect', labels: ['regression'], issueTypes: [] },
    ]);
    expect(custom.classify(workItem({ type: 'Improvement' })).type).toBe('debt');
    expect(custom.classify(workItem({ type: 'Story', labels: ['Regression'] })).type).toBe('defect');
    // Bug is no longer a rule: it falls to the default.
    expect(custom.classify(workItem({ type: 'Bug' })).type).toBe('feature');
  });
});

describe('flow item level (docs/flow-metrics.md#flow-items)', () => {
  test.each([
    [0, -1, false],
    [0, 0, true],
    [0, 1, false],
    [1, 0, false],
    [1, 1, true],
  ] as const)(
    'with flow items at level %i, an issue at level %i is a flow item: %s',
    (flowLevel, level, expected) => {
      expect(isAtFlowItemLevel(workItem({ level }), settings({ flowItemLevel: flowLevel }))).toBe(expected);
    },
  );
});
