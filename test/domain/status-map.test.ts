import { catalogStatuses, inferCategoryFromName, StatusMapper } from '../../src/domain/status-map';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import type { KnownStatus } from '../../src/domain/types';
import { settings, STATUSES } from '../support/work-items';

describe('status → flow state (docs/flow-metrics.md#flow-states-and-the-timeline)', () => {
  const mapper = new StatusMapper(STATUSES, DEFAULT_SETTINGS);

  test.each([
    ['To Do', 'new'],
    ['Backlog', 'new'],
    ['In Progress', 'active'],
    ['In Review', 'active'],
    ['Waiting for Review', 'waiting'],
    ['Resolved', 'done'],
    ['Done', 'done'],
  ])('known status %s → %s', (name, state) => {
    const id = STATUSES.find((s) => s.name === name)?.id ?? null;
    const m = mapper.map({ id, name });
    expect(m.state).toBe(state);
    expect(m.inferred).toBe(false);
  });

  test.each([
    // Waiting keywords only split indeterminate statuses.
    ['Blocked', 'waiting'],
    ['On Hold', 'waiting'],
    ['Pending deploy', 'waiting'],
    ['Ready for QA', 'waiting'],
    ['Awaiting customer', 'waiting'],
    ['Wait', 'waiting'],
    ['Coding In Progress', 'active'],
    ['Pull Request Sent', 'active'],
  ])('indeterminate status %s → %s', (name, state) => {
    const m = new StatusMapper([{ id: 'x', name, category: 'indeterminate' }], DEFAULT_SETTINGS);
    expect(m.map({ id: 'x', name }).state).toBe(state);
  });

  test('a "new" status named like a waiting one stays new', () => {
    const m = new StatusMapper(
      [{ id: 'q', name: 'Ready for development', category: 'new' }],
      DEFAULT_SETTINGS,
    );
    expect(m.map({ id: 'q', name: 'Ready for development' }).state).toBe('new');
  });

  test.each([
    ['open', 'new'],
    ['Reopened', 'new'],
    ['TO DO', 'new'],
    ['todo', 'new'],
    ['Backlog', 'new'],
    ['New', 'new'],
    ['Done', 'done'],
    ['closed', 'done'],
    ['Resolved', 'done'],
    ['Complete', 'done'],
    ['Completed', 'done'],
    ['Cancelled', 'done'],
    ['Canceled', 'done'],
    ['Rejected', 'done'],
    ["Won't Do", 'done'],
    ['Won\u2019t Do', 'done'],
    ['Open for comments', 'indeterminate'],
    ['Deployed', 'indeterminate'],
    ['Coding In Progress', 'indeterminate'],
  ])('an unknown status named %s gets the category %s', (name, category) => {
    expect(inferCategoryFromName(name)).toBe(category);
  });

  test('an unknown status is inferred, then mapped, and reported', () => {
    const m = new StatusMapper(STATUSES, DEFAULT_SETTINGS);
    const coding = m.map({ id: '10011', name: 'Pull Request Sent' });
    expect(coding).toMatchObject({ state: 'active', category: 'indeterminate', inferred: true });
    expect(m.map({ id: null, name: 'Awaiting QA' })).toMatchObject({ state: 'waiting', inferred: true });
    expect(
      m
        .inferredStatuses()
        .map((s) => s.status.name)
        .sort(),
    ).toEqual(['Awaiting QA', 'Pull Request Sent']);
  });

  test('statuses are matched by id first: a renamed status keeps its category', () => {
    // The changelog still says "Dev" for what is now "In Progress" (id 3).
    const m = new StatusMapper(STATUSES, DEFAULT_SETTINGS);
    expect(m.map({ id: '3', name: 'Dev' })).toMatchObject({ state: 'active', inferred: false });
    // An id that means something else wins over the name.
    expect(m.map({ id: '9', name: 'In Progress' }).state).toBe('done');
  });

  test('then by name (case-insensitive) when the id is unknown or absent (Server data)', () => {
    const m = new StatusMapper(STATUSES, DEFAULT_SETTINGS);
    expect(m.map({ id: '999', name: 'waiting for review' })).toMatchObject({
      state: 'waiting',
      inferred: false,
    });
    expect(m.map({ id: null, name: 'CLOSED' })).toMatchObject({ state: 'done', inferred: false });
  });

  test("Jira's placeholder category (no category) falls back to inference", () => {
    const known: KnownStatus[] = [{ id: '50', name: 'Reopened', category: null }];
    expect(new StatusMapper(known, DEFAULT_SETTINGS).map({ id: '50', name: 'Reopened' })).toMatchObject({
      state: 'new',
      inferred: true,
    });
  });

  test('settings override by id, then by name, and an override is not an inference', () => {
    const m = new StatusMapper(
      STATUSES,
      settings({
        statusOverrides: [
          { statusId: '8', statusName: null, state: 'waiting' },
          { statusId: null, statusName: 'backlog', state: 'waiting' },
          { statusId: null, statusName: 'Deployed', state: 'done' },
        ],
      }),
    );
    expect(m.map({ id: '8', name: 'In Review' })).toMatchObject({ state: 'waiting', overridden: true });
    expect(m.map({ id: '2', name: 'Backlog' }).state).toBe('waiting');
    expect(m.map({ id: null, name: 'Deployed' })).toMatchObject({
      state: 'done',
      inferred: false,
      overridden: true,
    });
    expect(m.map({ id: '3', name: 'In Progress' }).overridden).toBe(false);
  });

  test('custom waiting keywords replace the defaults', () => {
    const m = new StatusMapper(
      [
        { id: '1', name: 'Parked', category: 'indeterminate' },
        { id: '2', name: 'Blocked', category: 'indeterminate' },
      ],
      settings({ waitingStatusKeywords: ['parked'] }),
    );
    expect(m.map({ id: '1', name: 'Parked' }).state).toBe('waiting');
    expect(m.map({ id: '2', name: 'Blocked' }).state).toBe('active');
  });
});

describe("a status's category: the status list, else the majority of the issues in it (docs/flow-metrics.md#flow-states-and-the-timeline)", () => {
  const s = (id: string | null, name: string, category: KnownStatus['category']): KnownStatus => ({
    id,
    name,
    category,
  });

  test.each<[string, KnownStatus[], (KnownStatus | null)[], KnownStatus['category'], string | null]>([
    [
      'the status list decides',
      [s('7', 'Doing', 'indeterminate')],
      [s('7', 'Doing', 'done')],
      'indeterminate',
      'status list',
    ],
    [
      'no list: most issues decide',
      [],
      [s('7', 'X', 'done'), s('7', 'X', 'new'), s('7', 'X', 'done')],
      'done',
      'majority',
    ],
    [
      'a tie goes to the category further along',
      [],
      [s('7', 'X', 'new'), s('7', 'X', 'indeterminate')],
      'indeterminate',
      'majority',
    ],
    ['issues that agree: no conflict', [], [s('7', 'X', 'new'), s('7', 'X', 'new')], 'new', null],
    [
      'statuses without ids are matched by name',
      [],
      [s(null, 'Open', 'new'), s(null, 'open ', 'done'), s(null, 'OPEN', 'new')],
      'new',
      'majority',
    ],
    [
      "a listed status without a category takes the issues' majority",
      [s('7', 'X', null)],
      [s('7', 'X', 'done')],
      'done',
      null,
    ],
    ['issues without a status do not vote', [], [null, s('7', 'X', 'new')], 'new', null],
  ])('%s', (_name, list, current, category, conflictSource) => {
    const catalog = catalogStatuses(list, current);
    const decided = catalog.statuses.filter((x) => x.category !== null);
    expect(decided.map((x) => x.category)).toEqual([category]);
    expect(catalog.conflicts.map((c) => c.source)).toEqual(conflictSource === null ? [] : [conflictSource]);
    const m = new StatusMapper(catalog.statuses, DEFAULT_SETTINGS);
    expect(m.map(current.find((x) => x !== null) ?? { id: '7', name: 'X' }).category).toBe(category);
  });
});
