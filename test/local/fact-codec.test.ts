import path from 'node:path';
import type { WorkItem } from '../../src/domain/types';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { decodeFacts, encodeFacts, type Fact } from '../../src/services/fact-codec';
import { AGPUSH_FILE, FIXTURES } from '../support/emulated-site';

/**
 * The fact cache's encoding (docs/jira.md#the-fact-cache): every work item of the real datasets
 * comes back exactly as it went in, through JSON as storage keeps it, and anything that is not
 * what the encoder writes decodes to nothing rather than to a wrong fact.
 */

const DATASETS = [
  AGPUSH_FILE,
  // No changelogs at all (a CSV import).
  path.join(FIXTURES, 'appcelerator', 'raw'),
  // Cloud, with Flagged changes and null sides in changelog items.
  path.join(FIXTURES, 'jirametrics-sample', 'complete_sample'),
  path.join(FIXTURES, 'jirametrics-sample', 'cloud-sp'),
  // A migrated Cloud project with statuses in Chinese.
  path.join(FIXTURES, 'apache-devlake', 'EE'),
  // A Server search that left `fields.status` out.
  path.join(FIXTURES, 'zuhlke-zmetric', 'ZMETRIC-search-expand-changelog.json'),
];

const factOf = (item: WorkItem, i: number): Fact => ({
  item,
  updated: i % 7 === 0 ? null : item.created + i,
  fetchedAt: 1_780_272_000_000 + i,
  seenDay: 20_605 - (i % 3),
});

const throughStorage = (facts: readonly Fact[]): Fact[] | null =>
  decodeFacts(JSON.parse(JSON.stringify(encodeFacts(facts))));

test.each(DATASETS)('every work item of %s decodes as it was encoded', async (file) => {
  const items = (await loadDataset(file)).items;
  expect(items.length).toBeGreaterThan(0);
  const facts = items.map(factOf);
  expect(throughStorage(facts)).toEqual(facts);
});

test('what the datasets do not show decodes too: no status, flags, a truncated log, odd strings', async () => {
  const [base] = (await loadDataset(AGPUSH_FILE)).items;
  if (base === undefined) throw new Error('no items');
  const odd: WorkItem[] = [
    { ...base, id: '1', status: null, projectKey: null, resolution: null, resolved: null, parentKey: 'X-1' },
    {
      ...base,
      id: '2',
      status: { id: null, name: 'Ready', category: null },
      labels: ['tech-debt', '__proto__', 'constructor', ''],
      summary: '<script>alert(1)</script>\u202e\u0000 ✓ 完成',
      changelog: {
        truncated: true,
        statusChanges: [{ at: 5, seq: 0, from: null, to: { id: null, name: '完成' } }],
        flagChanges: [
          { at: 6, seq: 1, flagged: true },
          { at: 7, seq: 2, flagged: false },
        ],
      },
    },
  ];
  const facts = odd.map(factOf);
  expect(throughStorage(facts)).toEqual(facts);
  expect(throughStorage([])).toEqual([]);
});

test('shared strings are written once: the encoding is a fraction of the facts as objects', async () => {
  const facts = (await loadDataset(AGPUSH_FILE)).items.map(factOf);
  const compact = JSON.stringify(encodeFacts(facts)).length;
  expect(compact).toBeLessThan(JSON.stringify(facts).length / 2.5);
});

describe('anything but what the encoder writes decodes to null', () => {
  type Encoded = ReturnType<typeof encodeFacts>;
  let good: Encoded;
  beforeAll(async () => {
    const items = (await loadDataset(AGPUSH_FILE)).items.slice(0, 20);
    good = encodeFacts(items.map(factOf));
  });
  /** A copy of the good encoding with one change made to it. */
  const damaged =
    (change: (e: Encoded) => void): (() => unknown) =>
    () => {
      const copy = structuredClone(good);
      change(copy);
      return copy;
    };
  const firstRow = (e: Encoded): unknown[] => e.f[0] ?? [];
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  /** The changelog part of the first row that has status changes. */
  const withLog = (e: Encoded): unknown[] => list(e.f.find((row) => list(list(row[13])[1]).length > 0)?.[13]);
  const strings = (e: Encoded): unknown[] => e.s;
  const refs = (e: Encoded): unknown[] => e.r;

  test.each<[string, () => unknown]>([
    ['null', () => null],
    ['an array', () => []],
    ['a string', () => 'facts'],
    ['no rows', () => ({ s: [], r: [] })],
    ['a string table with a number', damaged((e) => strings(e).push(3))],
    ['an odd number of reference halves', damaged((e) => refs(e).push(0))],
    ['a row too short', damaged((e) => firstRow(e).pop())],
    ['a row too long', damaged((e) => firstRow(e).push(0))],
    ['an id that is a number', damaged((e) => (firstRow(e)[0] = 100750))],
    ['a string index past the table', damaged((e) => (firstRow(e)[3] = e.s.length))],
    ['a negative index other than none', damaged((e) => (firstRow(e)[3] = -2))],
    ['a fractional index', damaged((e) => (firstRow(e)[3] = 0.5))],
    ['none where a type is required', damaged((e) => (firstRow(e)[3] = -1))],
    ['a category outside Jira’s three', damaged((e) => (firstRow(e)[7] = 3))],
    ['a created date that is text', damaged((e) => (firstRow(e)[9] = '2013-01-01'))],
    ['labels that are not a list', damaged((e) => (firstRow(e)[5] = 'tech-debt'))],
    ['a changelog of two parts', damaged((e) => withLog(e).pop())],
    ['truncated neither 0 nor 1', damaged((e) => (withLog(e)[0] = true))],
    ['a status change cut short', damaged((e) => list(withLog(e)[1]).pop())],
    ['a flag neither 0 nor 1', damaged((e) => (withLog(e)[2] = [1, 1, 2]))],
  ])('%s', (_, value) => {
    expect(decodeFacts(JSON.parse(JSON.stringify(value())))).toBeNull();
  });

  test('the good encoding itself decodes', () => {
    expect(decodeFacts(JSON.parse(JSON.stringify(good)))).toHaveLength(20);
  });
});
