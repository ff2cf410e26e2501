import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { flowSettingsSchema } from '../../src/settings-schema';
import { toDraft, toSettings, type Draft } from '../../static/settings-page/src/draft';

/** The settings a draft gives, through JSON as `invoke` sends them, parsed by the resolver's schema. */
function sent(draft: Draft): unknown {
  const result = toSettings(draft);
  if (!result.ok) throw new Error(`the draft was refused: ${JSON.stringify(result.errors)}`);
  return flowSettingsSchema.parse(JSON.parse(JSON.stringify(result.settings)));
}

test('the defaults survive the form unchanged', () => {
  expect(sent(toDraft(DEFAULT_SETTINGS))).toEqual(DEFAULT_SETTINGS);
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
  const settings = flowSettingsSchema.parse(sent(draft));
  expect(settings.targets).toEqual({ debt: { min: 0.15, max: 0.25 }, defect: { min: null, max: 0.3 } });
  expect(settings.typeRules[3]).toEqual({ type: 'debt', labels: ['cleanup', 'upkeep'], issueTypes: [] });
  expect(settings.statusOverrides).toEqual([
    { statusId: null, statusName: 'Ready for QA', state: 'waiting' },
  ]);
});

test.each<[string, string, string, RegExp]>([
  // Before, "abc" became NaN, which JSON sends as null: the page said "Saved." and stored no band.
  ['a word', 'abc', '', /^Enter a percentage from 0 to 100/],
  ['more than 100', '120', '', /^Enter a percentage from 0 to 100/],
  [
    'a fraction, which someone may mean as 10 %',
    '0.1',
    '',
    /^Targets are percentages: for 10 % type 10, not 0\.1\.$/,
  ],
  ['a negative number', '-5', '', /^Enter a percentage/],
])('a target that is %s is an error at its field, and nothing is sent', (_name, min, max, message) => {
  const draft = toDraft(DEFAULT_SETTINGS);
  draft.targets.debt = { min, max };
  const result = toSettings(draft);
  expect(result.ok).toBe(false);
  expect(result.ok ? {} : result.errors).toEqual({ 'target-debt-min': expect.stringMatching(message) });
});

test('the least above the most is an error at the most', () => {
  const draft = toDraft(DEFAULT_SETTINGS);
  draft.targets.debt = { min: '30', max: '20' };
  const result = toSettings(draft);
  expect(result.ok ? {} : result.errors).toEqual({
    'target-debt-max': 'The most cannot be below the least.',
  });
});

test('0 and 100, with or without the % sign, are percentages', () => {
  const draft = toDraft(DEFAULT_SETTINGS);
  draft.targets.debt = { min: '0', max: '100 %' };
  expect(sent(draft)).toMatchObject({ targets: { debt: { min: 0, max: 1 } } });
});

test('a review cadence or a holiday that does not parse is named at its field', () => {
  const draft = toDraft(DEFAULT_SETTINGS);
  draft.reviewCadenceDays = 'monthly';
  draft.holidays = '2024-12-25, Christmas';
  const result = toSettings(draft);
  expect(result.ok ? {} : result.errors).toEqual({
    cadence: 'Enter a whole number of days from 1 to 3650.',
    holidays: 'Not a date as YYYY-MM-DD: Christmas',
  });
});
