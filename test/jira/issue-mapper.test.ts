import { hierarchyLevelOf, toChangelog, toWorkItem } from '../../src/jira/issue-mapper';
import { issueSchema, type JiraChangeHistory } from '../../src/jira/schemas';

const history = (id: string, created: string, items: object[]): object => ({ id, created, items });
const statusItem = (
  from: string,
  fromString: string,
  to: string,
  toString: string,
  fieldId?: string,
): object => ({
  field: 'status',
  ...(fieldId !== undefined ? { fieldId } : {}),
  fieldtype: 'jira',
  from,
  fromString,
  to,
  toString,
});

/** The least an issue must hold to parse. */
const BASE_ISSUE = {
  id: '1',
  key: 'X-1',
  fields: { issuetype: { name: 'Story' }, status: { name: 'Open' }, created: '2020-01-01T00:00:00.000+0000' },
};

function histories(list: object[]): JiraChangeHistory[] {
  const parsed = issueSchema.parse({ ...BASE_ISSUE, changelog: { histories: list } });
  return parsed.changelog?.histories ?? [];
}

describe('changelog mapping', () => {
  const oldestFirst = [
    history('100', '2020-01-02T00:00:00.000+0000', [statusItem('1', 'Open', '3', 'In Progress')]),
    history('101', '2020-01-03T00:00:00.000+0000', [{ field: 'assignee', from: null, to: 'bob' }]),
    history('102', '2020-01-04T00:00:00.000+0000', [statusItem('3', 'In Progress', '5', 'Resolved')]),
  ];

  test('Cloud (newest first) and Server (oldest first) give the same changes', () => {
    const server = toChangelog(histories(oldestFirst));
    const cloud = toChangelog(histories([...oldestFirst].reverse()));
    expect(cloud).toEqual(server);
    expect(server.statusChanges.map((c) => c.to.name)).toEqual(['In Progress', 'Resolved']);
    expect(server.statusChanges[0]?.from).toEqual({ id: '1', name: 'Open' });
  });

  test('changes in the same millisecond are ordered by history id, whatever the listing order', () => {
    const same = '2020-01-02T00:00:00.000+0000';
    const list = [
      history('201', same, [statusItem('3', 'In Progress', '5', 'Resolved')]),
      history('200', same, [statusItem('1', 'Open', '3', 'In Progress')]),
    ];
    expect(toChangelog(histories(list)).statusChanges.map((c) => c.to.name)).toEqual([
      'In Progress',
      'Resolved',
    ]);
    expect(toChangelog(histories([...list].reverse())).statusChanges.map((c) => c.to.name)).toEqual([
      'In Progress',
      'Resolved',
    ]);
  });

  test('v3 items are matched by fieldId; Flagged by name, with Cloud and Server values', () => {
    const list = [
      history('1', '2021-09-06T04:33:30.647+0000', [
        {
          field: 'Flagged',
          fieldId: 'customfield_10021',
          fieldtype: 'custom',
          from: null,
          fromString: null,
          to: '[10019]',
          toString: 'Impediment',
        },
      ]),
      history('2', '2021-09-06T04:33:55.539+0000', [
        {
          field: 'Flagged',
          fieldId: 'customfield_10021',
          fieldtype: 'custom',
          from: '[10019]',
          fromString: 'Impediment',
          to: '',
          toString: '',
        },
      ]),
      history('3', '2021-09-06T04:34:00.000+0000', [
        statusItem('10001', 'Selected', '3', 'In Progress', 'status'),
        // A field whose *name* is "status" but whose id is not: not a status change.
        { field: 'Status', fieldId: 'customfield_99', from: null, to: 'x' },
      ]),
    ];
    const c = toChangelog(histories(list));
    expect(c.flagChanges.map((f) => f.flagged)).toEqual([true, false]);
    expect(c.statusChanges).toHaveLength(1);
  });
});

describe('issue mapping', () => {
  test('a changelog that is one page of a longer history is marked truncated', () => {
    const page = (changelog: object): boolean | undefined =>
      toWorkItem(issueSchema.parse({ ...BASE_ISSUE, changelog })).changelog?.truncated;
    expect(page({ startAt: 0, maxResults: 100, total: 0, histories: [] })).toBe(false);
    expect(
      page({ startAt: 0, maxResults: 1, total: 3, histories: [history('1', '2020-01-02T00:00:00Z', [])] }),
    ).toBe(true);
    expect(page({ startAt: 100, total: 150, histories: [] })).toBe(true);
    expect(page({ histories: [] })).toBe(false);
  });

  test('hierarchy level: Cloud gives it; Server data derives it (docs/flow-metrics.md#flow-items)', () => {
    expect(hierarchyLevelOf({ name: 'Story', hierarchyLevel: 0 })).toBe(0);
    expect(hierarchyLevelOf({ name: 'Initiative', hierarchyLevel: 2 })).toBe(2);
    expect(hierarchyLevelOf({ name: 'Sub-task', subtask: true })).toBe(-1);
    expect(hierarchyLevelOf({ name: 'Epic', subtask: false })).toBe(1);
    expect(hierarchyLevelOf({ name: 'epic' })).toBe(1);
    expect(hierarchyLevelOf({ name: 'Feature Request', subtask: false })).toBe(0);
    expect(hierarchyLevelOf({ id: '6', name: 'Saga' }, new Map([['6', 1]]))).toBe(1);
  });

  test('fields map onto the domain, and the placeholder category is no category', () => {
    const issue = issueSchema.parse({
      id: '10042',
      key: 'ABC-42',
      fields: {
        issuetype: { id: '10001', name: 'Story', hierarchyLevel: 0, subtask: false },
        status: { id: '3', name: 'In Progress', statusCategory: { id: 4, key: 'indeterminate' } },
        labels: ['tech-debt'],
        parent: { id: '10040', key: 'ABC-40' },
        created: '2025-01-02T10:00:00.000+0000',
        resolutiondate: null,
        resolution: null,
        unknownField: { whatever: true },
      },
    });
    const item = toWorkItem(issue);
    expect(item).toMatchObject({
      key: 'ABC-42',
      projectKey: 'ABC',
      issueType: { name: 'Story', hierarchyLevel: 0 },
      labels: ['tech-debt'],
      status: { id: '3', name: 'In Progress', category: 'indeterminate' },
      resolution: null,
      resolved: null,
      parentKey: 'ABC-40',
      changelog: null,
    });
    const odd = toWorkItem(
      issueSchema.parse({
        ...issue,
        fields: {
          ...issue.fields,
          created: '2025-01-02T10:00:00.000+0000',
          status: { name: 'Triage', statusCategory: { key: 'undefined' } },
        },
      }),
    );
    expect(odd.status?.category).toBeNull();
  });
});
