import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { changeHistoryListSchema, issueListSchema, issueSchema } from '../../src/jira/schemas';

/** The first records of the demo's real AGPUSH export (demo/SOURCE.txt). */
const REAL: unknown[] = gunzipSync(readFileSync(path.join(__dirname, '../../demo/agpush.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .slice(0, 200)
  .map((line): unknown => JSON.parse(line));

const firstIssue = (): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(JSON.stringify(REAL[0]));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('the demo has no first record');
  return { ...parsed };
};

/** The path and message of the first problem zod reports for an answer. */
function problem(schema: typeof issueListSchema | typeof issueSchema, value: unknown): string {
  const result = schema.safeParse(value);
  if (result.success) return 'none';
  const first = result.error.issues[0];
  return `${first?.path.join('.') ?? ''}: ${first?.message ?? ''}`;
}

describe('reading Jira issue JSON', () => {
  test('real records read whole: fields, instants, and changes with their names', () => {
    const issues = issueListSchema.parse(REAL);
    expect(issues).toHaveLength(REAL.length);
    const withChanges = issues.find((i) => (i.changelog?.histories.length ?? 0) > 0);
    const item = withChanges?.changelog?.histories[0]?.items[0];
    expect(typeof item?.field).toBe('string');
    for (const issue of issues) {
      expect(issue.key).toMatch(/^[A-Z]+-\d+$/);
      expect(Number.isFinite(issue.fields.created)).toBe(true);
      expect(issue.fields.issuetype.name.length).toBeGreaterThan(0);
    }
  });

  test('a wrong value is reported at its path, with what was there', () => {
    const list = [firstIssue(), firstIssue(), { ...firstIssue(), fields: { issuetype: { name: 7 } } }];
    expect(problem(issueListSchema, list)).toBe('2.fields.issuetype.name: expected a string, got number 7');
    const dated = { ...firstIssue(), fields: { issuetype: { name: 'Bug' }, created: '23/07/2013' } };
    expect(problem(issueSchema, dated)).toBe('fields.created: not a Jira date-time: "23/07/2013"');
    expect(problem(issueSchema, { ...firstIssue(), key: '' })).toBe(
      'key: expected a non-empty string, got the string ""',
    );
    expect(problem(issueSchema, [])).toBe(': expected an object, got an array');
    const badItem = {
      ...firstIssue(),
      changelog: {
        histories: [{ created: '2020-01-01T00:00:00.000+0000', items: [{ field: 'status', to: 5 }] }],
      },
    };
    expect(problem(issueSchema, badItem)).toBe(
      'changelog.histories.0.items.0.to: expected a string, got number 5',
    );
  });

  test("only an item's own toString is its name: the inherited one is no value", () => {
    const [history] = changeHistoryListSchema.parse([
      {
        created: '2020-01-01T00:00:00.000+0000',
        items: [{ field: 'status', from: '1', to: '3', fromString: 'Open' }],
      },
    ]);
    expect(history?.items[0]).toMatchObject({ from: '1', to: '3', fromName: 'Open' });
    expect(history?.items[0]?.toName).toBeUndefined();
  });

  test('bulkfetch dates given as epoch seconds or milliseconds are read; beyond four-digit years, refused', () => {
    const at = Date.UTC(2017, 3, 13, 8, 0, 29);
    const parsed = changeHistoryListSchema.parse([
      { created: at / 1000, items: [] },
      { created: at, items: [] },
    ]);
    expect(parsed.map((h) => h.created)).toEqual([at, at]);
    const refused = changeHistoryListSchema.safeParse([{ created: 1e300, items: [] }]);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual([0, 'created']);
  });

  test('entity properties keep hostile keys as data', () => {
    const hostile: unknown = JSON.parse('{"__proto__": {"polluted": true}, "tech-debt-agreement": {"v": 1}}');
    const issue = issueSchema.parse({ ...firstIssue(), properties: hostile });
    expect(Object.keys(issue.properties ?? {})).toEqual(['__proto__', 'tech-debt-agreement']);
    expect('polluted' in {}).toBe(false);
    expect(Object.getPrototypeOf(issue.properties)).toBe(Object.prototype);
  });
});
