import { DurationMeter, Zone } from '../../src/domain/calendar';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { StatusMapper } from '../../src/domain/status-map';
import {
  activeAndWaiting,
  buildTimeline,
  CancellationRule,
  inProgressIntervals,
  isInProgressAt,
  stateAt,
  type Timeline,
} from '../../src/domain/timeline';
import { MS_PER_DAY } from '../../src/domain/types';
import { at, settings, STATUSES, workItem, type ItemSpec } from '../support/work-items';

const mapper = (): StatusMapper => new StatusMapper(STATUSES, DEFAULT_SETTINGS);
const timeline = (spec: ItemSpec, s = DEFAULT_SETTINGS): Timeline =>
  buildTimeline(workItem(spec), new StatusMapper(STATUSES, s), new CancellationRule(s));
const calendarTime = new DurationMeter(DEFAULT_SETTINGS.workingCalendar, new Zone('UTC'));

describe('work start and completion (docs/flow-metrics.md#flow-states-and-the-timeline)', () => {
  test.each<[string, ItemSpec, number | null, number | null]>([
    [
      'plain flow: To Do → In Progress → Done',
      {
        changes: [
          [1, 'To Do', 'In Progress'],
          [3, 'In Progress', 'Done'],
        ],
      },
      1,
      3,
    ],
    [
      'waiting counts as started',
      {
        changes: [
          [2, 'To Do', 'Waiting for Review'],
          [4, 'Waiting for Review', 'In Progress'],
          [5, 'In Progress', 'Done'],
        ],
      },
      2,
      5,
    ],
    [
      'created in a started status: work starts at creation',
      { created: at(0.5), changes: [[2, 'In Progress', 'Done']] },
      0.5,
      2,
    ],
    [
      'resolved straight from To Do: complete, no work start',
      { changes: [[4, 'To Do', 'Resolved']] },
      null,
      4,
    ],
    [
      'Resolved → Closed is not a second completion',
      {
        changes: [
          [1, 'To Do', 'In Progress'],
          [3, 'In Progress', 'Resolved'],
          [9, 'Resolved', 'Closed'],
        ],
      },
      1,
      3,
    ],
    [
      'reopened and worked again: the later completion counts',
      {
        changes: [
          [1, 'To Do', 'In Progress'],
          [3, 'In Progress', 'Resolved'],
          [5, 'Resolved', 'Reopened'],
          [6, 'Reopened', 'In Progress'],
          [8, 'In Progress', 'Resolved'],
          [9, 'Resolved', 'Closed'],
        ],
      },
      1,
      8,
    ],
    [
      'a bounce (done → Reopened → done, never active) is as if it never left done',
      {
        changes: [
          [1, 'To Do', 'In Progress'],
          [3, 'In Progress', 'Resolved'],
          [40, 'Resolved', 'Reopened'],
          [40.01, 'Reopened', 'Closed'],
        ],
      },
      1,
      3,
    ],
    [
      'a bounce through several new statuses still folds',
      {
        changes: [
          [2, 'To Do', 'Done'],
          [10, 'Done', 'Reopened'],
          [11, 'Reopened', 'Backlog'],
          [12, 'Backlog', 'Done'],
        ],
      },
      null,
      2,
    ],
    [
      'reopened and still open: not complete',
      {
        changes: [
          [1, 'To Do', 'In Progress'],
          [3, 'In Progress', 'Done'],
          [5, 'Done', 'Reopened'],
        ],
      },
      1,
      null,
    ],
    [
      'created done and never moved: completion at creation',
      { created: at(2), status: 'Done', changes: [] },
      null,
      2,
    ],
    ['never touched: neither started nor complete', { changes: [] }, null, null],
    [
      'back in To Do after starting: still started',
      {
        changes: [
          [1, 'To Do', 'In Progress'],
          [2, 'In Progress', 'To Do'],
        ],
      },
      1,
      null,
    ],
    [
      'changes listed newest first are replayed in time order',
      {
        changes: [
          [3, 'In Progress', 'Done'],
          [1, 'To Do', 'In Progress'],
        ],
      },
      1,
      3,
    ],
  ])('%s', (_name, spec, start, completion) => {
    const t = timeline(spec);
    expect(t.workStart).toBe(start === null ? null : at(start));
    expect(t.completion).toBe(completion === null ? null : at(completion));
  });

  test('a done current status with a changelog that ends elsewhere: resolutiondate, reported', () => {
    const t = timeline({
      status: 'Done',
      resolved: at(7),
      changes: [[1, 'To Do', 'In Progress']],
    });
    expect(t.completion).toBe(at(7));
    expect(t.findings.changelogDisagrees).toBe(true);
    expect(t.findings.completionFromResolutionDate).toBe(true);
  });

  test('... and without a resolutiondate: the last move into done', () => {
    const t = timeline({
      status: 'Done',
      resolved: null,
      changes: [
        [1, 'To Do', 'In Progress'],
        [2, 'In Progress', 'Done'],
        [3, 'Done', 'In Progress'],
      ],
    });
    expect(t.completion).toBe(at(2));
  });

  test('data without any changelog: completion is resolutiondate, no work start', () => {
    const done = timeline({ changelog: false, status: 'Closed', resolved: at(4), created: at(1) });
    expect(done).toMatchObject({ workStart: null, completion: at(4) });
    expect(done.findings.hasChangelog).toBe(false);
    const open = timeline({ changelog: false, status: 'In Progress', created: at(1) });
    expect(open).toMatchObject({ workStart: null, completion: null });
    expect(isInProgressAt(open, at(10))).toBe(false);
  });

  test('a change dated before creation is treated as made at creation, and reported', () => {
    const t = timeline({
      created: at(2),
      changes: [
        [1, 'To Do', 'In Progress'],
        [4, 'In Progress', 'Done'],
      ],
    });
    expect(t.workStart).toBe(at(2));
    expect(t.findings.changeBeforeCreated).toBe(true);
  });

  test('a change whose "from" is not where the previous change went is a changelog gap', () => {
    const t = timeline({
      changes: [
        [1, 'To Do', 'Resolved'],
        [5, 'To Do', 'Resolved'],
      ],
    });
    expect(t.findings.changelogGap).toBe(true);
    expect(t.completion).toBe(at(1));
    expect(
      timeline({
        changes: [
          [1, 'To Do', 'In Progress'],
          [2, 'In Progress', 'Done'],
        ],
      }).findings.changelogGap,
    ).toBe(false);
  });

  test('a status that no longer exists is inferred from its name', () => {
    const t = timeline({
      status: 'Done',
      changes: [
        [1, 'To Do', 'Coding In Progress'],
        [2, 'Coding In Progress', 'Done'],
      ],
    });
    expect(t.workStart).toBe(at(1));
    expect(t.findings.usedInferredStatus).toBe(true);
  });
});

describe('no status history, no current status (docs/flow-metrics.md#flow-states-and-the-timeline)', () => {
  // Data without any changelog, and Jira's empty changelog of an issue imported by CSV or migrated
  // into a site, read alike: completion from the resolution date, or creation; no work start.
  test.each<[string, ItemSpec, number | null]>([
    ['no changelog, done, resolved on day 3', { changelog: false, status: 'Done', resolved: at(3) }, 3],
    ['empty changelog, done, resolved on day 3', { status: 'Done', resolved: at(3) }, 3],
    [
      'no changelog, done, no resolution date: created',
      { changelog: false, status: 'Done', created: at(1) },
      1,
    ],
    ['empty changelog, done, no resolution date: created', { status: 'Done', created: at(1) }, 1],
    [
      'empty changelog, in progress: neither started nor complete',
      { status: 'In Progress', resolved: at(3) },
      null,
    ],
  ])('%s', (_name, spec, completionDay) => {
    const t = timeline(spec);
    expect(t.workStart).toBeNull();
    expect(t.completion).toBe(completionDay === null ? null : at(completionDay));
    expect(t.findings.hasStatusHistory).toBe(false);
    expect(t.findings.hasChangelog).toBe(spec.changelog !== false);
    expect(isInProgressAt(t, at(10))).toBe(false);
  });

  test('a changelog of other fields only (a Flagged change) has no status history either', () => {
    const t = timeline({ status: 'Done', resolved: at(4), flags: [[2, true]] });
    expect([t.workStart, t.completion, t.findings.hasStatusHistory]).toEqual([null, at(4), false]);
  });

  test.each<[string, ItemSpec, string, number | null, number | null]>([
    [
      'no fields.status: the current status is where the last change went',
      {
        status: null,
        changes: [
          [1, 'To Do', 'In Progress'],
          [3, 'In Progress', 'Done'],
        ],
      },
      'done',
      1,
      3,
    ],
    [
      'no fields.status, last change into In Progress: in progress',
      { status: null, changes: [[2, 'To Do', 'In Progress']] },
      'active',
      2,
      null,
    ],
    [
      'no fields.status and no change: still new, even with a resolution date',
      { status: null, resolved: at(5), resolution: 'Done' },
      'new',
      null,
      null,
    ],
  ])('%s', (_name, spec, state, startDay, completionDay) => {
    const t = timeline(spec);
    expect(t.currentState).toBe(state);
    expect(t.workStart).toBe(startDay === null ? null : at(startDay));
    expect(t.completion).toBe(completionDay === null ? null : at(completionDay));
    expect(t.findings.hasCurrentStatus).toBe(false);
    expect(t.findings.changelogDisagrees).toBe(false);
  });
});

describe('canceled (docs/flow-metrics.md#flow-states-and-the-timeline)', () => {
  test.each([
    ["Won't Do", true],
    ["Won't Fix", true],
    ['Duplicate Issue', true],
    ['Cannot Reproduce', true],
    ["Can't reproduce", true],
    ['Out of Date', true],
    ['Rejected', true],
    ['Invalid', true],
    ['Obsolete', true],
    ['Incomplete', true],
    ['Not a Bug', true],
    ['Declined', true],
    ['Abandoned', true],
    ['Cancelled', true],
    ['Done', false],
    ['Fixed', false],
    [null, false],
  ])('a done item resolved as %s is canceled: %s', (resolution, canceled) => {
    expect(timeline({ resolution, changes: [[1, 'To Do', 'Done']] }).canceled).toBe(canceled);
  });

  test('an item that is not done is never canceled, whatever its resolution', () => {
    expect(timeline({ resolution: "Won't Do", changes: [[1, 'To Do', 'In Progress']] }).canceled).toBe(false);
  });
});

describe('state at a moment and in progress (docs/flow-metrics.md#flow-states-and-the-timeline)', () => {
  const t = timeline({
    changes: [
      [1, 'To Do', 'In Progress'],
      [2, 'In Progress', 'To Do'],
      [3, 'To Do', 'In Progress'],
      [5, 'In Progress', 'Done'],
    ],
  });

  test.each([
    [0.5, 'new', false],
    [1, 'new', false], // the change at day 1 is not strictly before day 1
    [1.5, 'active', true],
    [2.5, 'new', true], // back in To Do after its start: in progress, waiting
    [4, 'active', true],
    [5, 'active', true],
    [5.0001, 'done', false],
  ] as const)('at day %d the state is %s, in progress: %s', (d, state, inProgress) => {
    expect(stateAt(t, at(d))).toBe(state);
    expect(isInProgressAt(t, at(d))).toBe(inProgress);
  });

  test('before creation there is no state', () => {
    expect(stateAt(timeline({ created: at(3) }), at(2))).toBeNull();
  });

  test('in-progress intervals are (work start, completion], merged across waiting', () => {
    expect(inProgressIntervals(t)).toEqual([[at(1), at(5)]]);
  });

  test('a reopened item has two intervals, the last open-ended', () => {
    const r = timeline({
      changes: [
        [1, 'To Do', 'In Progress'],
        [2, 'In Progress', 'Done'],
        [4, 'Done', 'Reopened'],
      ],
    });
    expect(inProgressIntervals(r)).toEqual([
      [at(1), at(2)],
      [at(4), Infinity],
    ]);
  });

  test('intervals agree with isInProgressAt at every hour of a messy history', () => {
    const messy = timeline({
      changes: [
        [1, 'To Do', 'Waiting for Review'],
        [1, 'Waiting for Review', 'In Progress'],
        [2, 'In Progress', 'Done'],
        [2.5, 'Done', 'Reopened'],
        [3, 'Reopened', 'Done'],
        [4, 'Done', 'In Progress'],
        [6, 'In Progress', 'Closed'],
      ],
    });
    const intervals = inProgressIntervals(messy);
    for (let h = 0; h <= 8 * 24; h++) {
      const moment = at(h / 24);
      const inAny = intervals.some(([a, b]) => a < moment && moment <= b);
      expect([h, inAny]).toEqual([h, isInProgressAt(messy, moment)]);
    }
  });
});

describe('active and waiting time (docs/flow-metrics.md#flow-states-and-the-timeline)', () => {
  const days = (ms: number): number => ms / MS_PER_DAY;

  test('active vs waiting vs back in new', () => {
    const t = timeline({
      changes: [
        [1, 'To Do', 'In Progress'],
        [3, 'In Progress', 'Waiting for Review'],
        [4, 'Waiting for Review', 'In Progress'],
        [5, 'In Progress', 'To Do'],
        [7, 'To Do', 'In Progress'],
        [8, 'In Progress', 'Done'],
      ],
    });
    const r = activeAndWaiting(t, at(1), at(8), calendarTime);
    expect(days(r.activeMs)).toBeCloseTo(2 + 1 + 1, 10);
    expect(days(r.waitingMs)).toBeCloseTo(1 + 2, 10);
  });

  test('flagged while active counts as waiting; flagged while waiting is not counted twice', () => {
    const t = timeline({
      changes: [
        [1, 'To Do', 'In Progress'],
        [4, 'In Progress', 'Waiting for Review'],
        [6, 'Waiting for Review', 'Done'],
      ],
      flags: [
        [2, true],
        [5, false],
      ],
    });
    const r = activeAndWaiting(t, at(1), at(6), calendarTime);
    expect(days(r.activeMs)).toBeCloseTo(1, 10); // day 1–2 only; 2–4 flagged
    expect(days(r.waitingMs)).toBeCloseTo(4, 10);
  });

  test('a flag never cleared lasts to the end; a first change that clears it means flagged from creation', () => {
    const open = timeline({ changes: [[1, 'To Do', 'In Progress']], flags: [[3, true]] });
    expect(days(activeAndWaiting(open, at(1), at(5), calendarTime).activeMs)).toBeCloseTo(2, 10);
    const fromStart = timeline({ changes: [[1, 'To Do', 'In Progress']], flags: [[2, false]] });
    expect(days(activeAndWaiting(fromStart, at(1), at(5), calendarTime).activeMs)).toBeCloseTo(3, 10);
  });

  test('done time between two rounds of work is waiting (efficiency is over the whole flow time)', () => {
    const t = timeline({
      changes: [
        [1, 'To Do', 'In Progress'],
        [2, 'In Progress', 'Done'],
        [5, 'Done', 'In Progress'],
        [6, 'In Progress', 'Done'],
      ],
    });
    const r = activeAndWaiting(t, at(1), at(6), calendarTime);
    expect(days(r.activeMs)).toBeCloseTo(2, 10);
    expect(days(r.waitingMs)).toBeCloseTo(3, 10);
  });

  test('working days only: a Friday-to-Monday item has one working day of flow', () => {
    // T0 is Monday 2024-01-01; day 4 is Friday, day 7 the next Monday.
    const s = settings({ workingCalendar: { enabled: true, nonWorkingWeekdays: [6, 7], holidays: [] } });
    const meter = new DurationMeter(s.workingCalendar, new Zone('UTC'));
    const t = buildTimeline(
      workItem({
        changes: [
          [4, 'To Do', 'In Progress'],
          [7, 'In Progress', 'Done'],
        ],
      }),
      mapper(),
      new CancellationRule(s),
    );
    expect(days(meter.measure(at(4), at(7)))).toBeCloseTo(1, 10);
    expect(days(activeAndWaiting(t, at(4), at(7), meter).activeMs)).toBeCloseTo(1, 10);
  });
});
