import path from 'node:path';
import { createFlowContext } from '../../src/domain/flow-context';
import { analyzeItem } from '../../src/domain/flow-report';
import { DEFAULT_SETTINGS, type FlowSettings } from '../../src/domain/settings';
import { kindsOf, previewTypeRules } from '../../src/domain/type-preview';
import { FLOW_TYPES, type FlowType } from '../../src/domain/types';
import { loadDataset, type LoadedDataset } from '../../src/local/dataset/load-dataset';

/**
 * The settings page's live preview classifies the project's items folded into kinds (issue type
 * and labels); on real data (AGPUSH, test/fixtures/jboss-aerogear/SOURCE.txt) it must say what
 * classifying each item one by one says, whatever the rules and the level.
 */
const FILE = path.join(__dirname, '..', 'fixtures', 'jboss-aerogear', 'agpush200.raw.json');
let dataset: LoadedDataset;

beforeAll(async () => {
  dataset = await loadDataset(FILE);
});

function oneByOne(settings: FlowSettings): Record<FlowType, number> {
  const context = createFlowContext(settings, dataset.statuses, dataset.items);
  const counts: Record<FlowType, number> = { feature: 0, defect: 0, risk: 0, debt: 0 };
  for (const item of dataset.items) {
    const a = analyzeItem(item, context);
    if (a.isFlowItem) counts[a.classification.type]++;
  }
  return counts;
}

test('176 items fold into far fewer kinds, and lose none', () => {
  const kinds = kindsOf(dataset.items);
  expect(kinds.reduce((n, k) => n + k.count, 0)).toBe(dataset.items.length);
  expect(kinds.length).toBeLessThan(dataset.items.length / 3);
  // The most numerous first.
  expect(kinds.map((k) => k.count)).toEqual([...kinds.map((k) => k.count)].sort((a, b) => b - a));
});

test.each<[string, FlowSettings]>([
  ['the defaults', DEFAULT_SETTINGS],
  [
    'a rule on a label ahead of the rules on issue types',
    {
      ...DEFAULT_SETTINGS,
      typeRules: [{ type: 'risk', labels: ['RH_UPS'], issueTypes: ['bug'] }, ...DEFAULT_SETTINGS.typeRules],
    },
  ],
  ['epics as flow items', { ...DEFAULT_SETTINGS, flowItemLevel: 1 }],
  ['no rules at all', { ...DEFAULT_SETTINGS, typeRules: [] }],
])('with %s, the preview says what the report would', (_, settings) => {
  const preview = previewTypeRules(kindsOf(dataset.items), settings);
  const expected = oneByOne(settings);
  expect(preview.byType).toEqual(expected);
  expect(preview.total).toBe(FLOW_TYPES.reduce((n, t) => n + expected[t], 0));
  if (settings.typeRules[0]?.labels.includes('RH_UPS') === true) expect(preview.byRule[0]).toBeGreaterThan(0);
  // Every item at the level is decided by exactly one rule, or by none.
  expect(preview.byRule.reduce((n, c) => n + c, 0) + preview.unmatched).toBe(preview.total);
});
