import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { flowSettingsSchema } from '../../src/settings-schema';
import { toDraft, toSettings } from '../../static/settings-page/src/draft';

test('the defaults survive the form unchanged', () => {
  expect(flowSettingsSchema.parse(toSettings(toDraft(DEFAULT_SETTINGS)))).toEqual(DEFAULT_SETTINGS);
});

test('percentages become fractions, lists are split, empty rows and bands are dropped', () => {
  const draft = toDraft(DEFAULT_SETTINGS);
  draft.targets.debt = { min: '15', max: '25%' };
  draft.targets.defect = { min: '', max: '30' };
  draft.rules.push({ type: 'debt', labels: 'cleanup,  upkeep ,', issueTypes: '' });
  draft.overrides.push(
    { by: 'name', status: 'Ready for QA', state: 'waiting' },
    { by: 'id', status: '  ', state: 'active' },
  );
  const settings = flowSettingsSchema.parse(toSettings(draft));
  expect(settings.targets).toEqual({ debt: { min: 0.15, max: 0.25 }, defect: { min: null, max: 0.3 } });
  expect(settings.typeRules[3]).toEqual({ type: 'debt', labels: ['cleanup', 'upkeep'], issueTypes: [] });
  expect(settings.statusOverrides).toEqual([
    { statusId: null, statusName: 'Ready for QA', state: 'waiting' },
  ]);
});

test('a percentage that is not a number is refused by the same schema the resolver uses', () => {
  const draft = toDraft(DEFAULT_SETTINGS);
  draft.targets.debt = { min: 'ten', max: '' };
  expect(flowSettingsSchema.safeParse(toSettings(draft)).success).toBe(false);
});
