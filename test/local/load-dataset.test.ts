import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DatasetError } from '../../src/local/dataset/dataset-bounds';
import { describeProblem } from '../../src/local/dataset/dataset-builder';
import { loadDataset } from '../../src/local/dataset/load-dataset';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const AGPUSH = path.join(FIXTURES, 'jboss-aerogear', 'agpush200.raw.json');
const agpushRecords: unknown[] = JSON.parse(readFileSync(AGPUSH, 'utf8')) as unknown[];

function tmp(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-'));
}

function write(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

const jsonl = (records: unknown[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('dataset formats (docs/running-off-jira.md)', () => {
  test('a JSON array of REST v2 issues (the AGPUSH raw export)', async () => {
    const d = await loadDataset(AGPUSH);
    expect(d.items).toHaveLength(176);
    expect(d.problems).toEqual([]);
    expect([...d.projectCounts]).toEqual([['AGPUSH', 176]]);
    const sub = d.items.find((i) => i.key === 'AGPUSH-175');
    expect(sub?.issueType).toEqual({ name: 'Sub-task', hierarchyLevel: -1 });
    expect(d.items.find((i) => i.key === 'AGPUSH-116')?.issueType.hierarchyLevel).toBe(1);
  });

  test('a search response, JSON Lines and gzipped JSON Lines give the same items as the array', async () => {
    const dir = tmp();
    const arrayItems = (await loadDataset(AGPUSH)).items;
    const search = write(dir, 'search.json', JSON.stringify({ isLast: true, issues: agpushRecords }));
    const lines = write(dir, 'issues.jsonl', jsonl(agpushRecords));
    const gz = write(dir, 'issues.jsonl.gz', gzipSync(jsonl(agpushRecords)));
    for (const file of [search, lines, gz]) {
      expect((await loadDataset(file)).items).toEqual(arrayItems);
    }
  });

  test('one issue per file, in a folder with project.json (the Appcelerator archive)', async () => {
    const d = await loadDataset(path.join(FIXTURES, 'appcelerator', 'raw', 'DAEMON'));
    expect(d.items).toHaveLength(317);
    expect(d.projects.map((p) => p.key)).toEqual(['DAEMON']);
    expect(d.problems).toEqual([]);
    expect(d.items.every((i) => i.changelog === null)).toBe(true); // the archive kept no changelog
  });

  test('a Cloud folder with statuses.json: statuses come with their categories', async () => {
    const d = await loadDataset(path.join(FIXTURES, 'jirametrics-sample', 'cloud-sp'));
    expect(d.items.map((i) => i.key).sort()).toEqual(['SP-1', 'SP-10', 'SP-13', 'SP-14', 'SP-15', 'SP-2']);
    expect(d.statuses.find((s) => s.name === 'In Progress')).toEqual({
      id: '3',
      name: 'In Progress',
      category: 'indeterminate',
    });
  });

  test('Cloud histories newest-first and the same reversed load identically', async () => {
    const dir = tmp();
    const sp10: { changelog: { histories: unknown[] } } = JSON.parse(
      readFileSync(path.join(FIXTURES, 'jirametrics-sample', 'cloud-sp', 'SP-10.json'), 'utf8'),
    ) as { changelog: { histories: unknown[] } };
    const reversed = {
      ...sp10,
      changelog: { ...sp10.changelog, histories: [...sp10.changelog.histories].reverse() },
    };
    const a = await loadDataset(write(dir, 'a.json', JSON.stringify(sp10)));
    const b = await loadDataset(write(dir, 'b.json', JSON.stringify(reversed)));
    expect(b.items).toEqual(a.items);
    const times = a.items[0]?.changelog?.statusChanges.map((c) => c.at) ?? [];
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  test('only issues of the chosen project are kept; counts cover all', async () => {
    const dir = tmp();
    const other = {
      ...(agpushRecords[0] as object),
      key: 'OTHER-1',
      fields: { ...(agpushRecords[0] as { fields: object }).fields, project: { key: 'OTHER' } },
    };
    const file = write(dir, 'mixed.json', JSON.stringify([...agpushRecords.slice(0, 3), other]));
    const d = await loadDataset(file, { projectKey: 'OTHER' });
    expect(d.items.map((i) => i.key)).toEqual(['OTHER-1']);
    expect(Object.fromEntries(d.projectCounts)).toEqual({ AGPUSH: 3, OTHER: 1 });
  });

  test('a duplicated key keeps the first record and is reported', async () => {
    const dir = tmp();
    write(dir, 'a.json', JSON.stringify(agpushRecords.slice(0, 2)));
    write(dir, 'b.json', JSON.stringify(agpushRecords.slice(1, 3)));
    const d = await loadDataset(dir);
    expect(d.items).toHaveLength(3);
    expect(d.duplicates).toEqual([(agpushRecords[1] as { key: string }).key]);
  });
});

describe('malformed input names the file, the record and the field', () => {
  test('a bad record is left out and described; the others load', async () => {
    const dir = tmp();
    const broken = structuredClone(agpushRecords.slice(0, 3)) as {
      key: string;
      fields: Record<string, unknown>;
    }[];
    const second = broken[1];
    if (second === undefined) throw new Error('fixture');
    second.fields.created = '23/07/2013';
    const file = write(dir, 'issues.json', JSON.stringify(broken));
    const d = await loadDataset(file);
    expect(d.items).toHaveLength(2);
    expect(d.problems).toHaveLength(1);
    expect(
      describeProblem(d.problems[0] ?? { file: '', record: '', key: null, field: '', message: '' }),
    ).toBe(`${file}: record #1 (${second.key}): fields.created: not a Jira date-time: "23/07/2013"`);
  });

  test.each<[string, unknown, string]>([
    ['no key', { id: '1', fields: {} }, 'key'],
    ['key not a string', { id: '1', key: 42, fields: {} }, 'key'],
    ['fields null', { id: '1', key: 'A-1', fields: null }, 'fields'],
    [
      'labels not strings',
      {
        id: '1',
        key: 'A-1',
        fields: {
          issuetype: { name: 'Bug' },
          status: { name: 'Open' },
          created: '2020-01-01T00:00:00Z',
          labels: [1],
        },
      },
      'fields.labels.0',
    ],
    [
      'histories not a list',
      {
        id: '1',
        key: 'A-1',
        fields: { issuetype: { name: 'Bug' }, status: { name: 'Open' }, created: '2020-01-01T00:00:00Z' },
        changelog: { histories: {} },
      },
      'changelog.histories',
    ],
    ['a string', 'AGPUSH-1', '(record)'],
    ['null', null, '(record)'],
  ])('%s → field %s', async (_name, record, field) => {
    const dir = tmp();
    const d = await loadDataset(write(dir, 'x.jsonl', JSON.stringify(record) + '\n'));
    expect(d.items).toEqual([]);
    expect(d.problems[0]).toMatchObject({ record: 'line 1', field });
  });

  test('a JSON Lines line that is not JSON is a problem with its line number', async () => {
    const dir = tmp();
    const file = write(
      dir,
      'x.jsonl',
      `${JSON.stringify(agpushRecords[0])}\n{"key": \n\n${JSON.stringify(agpushRecords[1])}\n`,
    );
    const d = await loadDataset(file);
    expect(d.items).toHaveLength(2);
    expect(d.problems).toMatchObject([{ record: 'line 2', field: '(record)' }]);
    expect(d.problems[0]?.message).toMatch(/^not valid JSON/);
  });

  test('a changelog item without its own toString is not fooled by Object.prototype', async () => {
    const dir = tmp();
    const record = {
      id: '1',
      key: 'A-1',
      fields: { issuetype: { name: 'Task' }, status: { name: 'Done' }, created: '2020-01-01T00:00:00Z' },
      changelog: {
        histories: [
          { id: '1', created: '2020-01-02T00:00:00Z', items: [{ field: 'status', from: '1', to: '2' }] },
        ],
      },
    };
    const d = await loadDataset(write(dir, 'x.json', JSON.stringify(record)));
    expect(d.items[0]?.changelog?.statusChanges[0]?.to).toEqual({ id: '2', name: '' });
  });
});

describe('hostile input fails clearly and never crashes the run', () => {
  test('a missing path', async () => {
    await expect(loadDataset('/nonexistent/issues.json')).rejects.toThrow(
      new DatasetError('/nonexistent/issues.json: no such file or folder'),
    );
  });

  test('a file that is not JSON, given alone, is fatal; in a folder it is one problem', async () => {
    const dir = tmp();
    const bad = write(dir, 'bad.json', '<html>not json</html>');
    await expect(loadDataset(bad)).rejects.toThrow(/bad\.json: not valid JSON/);
    write(dir, 'good.json', JSON.stringify(agpushRecords.slice(0, 1)));
    const d = await loadDataset(dir);
    expect(d.items).toHaveLength(1);
    expect(d.problems).toMatchObject([{ file: bad, record: '(whole file)' }]);
  });

  test('JSON that is neither issues nor a search response', async () => {
    const dir = tmp();
    await expect(
      loadDataset(write(dir, 'x.json', '{"url": "https://example.atlassian.net"}')),
    ).rejects.toThrow(/neither an array of issues/);
  });

  test('a file of the wrong kind', async () => {
    const dir = tmp();
    await expect(loadDataset(write(dir, 'x.csv', 'a,b'))).rejects.toThrow(
      /not a \.json, \.jsonl or \.jsonl\.gz file/,
    );
  });

  test('a JSON file above the size limit is refused before it is read', async () => {
    const dir = tmp();
    await expect(
      loadDataset(write(dir, 'x.json', JSON.stringify(agpushRecords)), { maxJsonFileBytes: 1000 }),
    ).rejects.toThrow(/bytes is more than the 1000 a JSON file may hold/);
  });

  test('a line above the line limit (a gzip bomb, a binary file) is refused', async () => {
    const dir = tmp();
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x61));
    await expect(loadDataset(write(dir, 'x.jsonl.gz', bomb), { maxLineBytes: 1024 * 1024 })).rejects.toThrow(
      /longer than 1048576 bytes/,
    );
  });

  test('a corrupt gzip', async () => {
    const dir = tmp();
    await expect(loadDataset(write(dir, 'x.jsonl.gz', Buffer.from('not gzip at all')))).rejects.toThrow(
      /x\.jsonl\.gz: cannot be read/,
    );
  });

  test('deeply nested JSON is a problem, not a stack overflow', async () => {
    const dir = tmp();
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const d = await loadDataset(write(dir, 'x.jsonl', deep + '\n' + JSON.stringify(agpushRecords[0]) + '\n'));
    expect(d.items).toHaveLength(1);
    expect(d.problems).toHaveLength(1);
  });

  test('__proto__ and constructor keys neither pollute nor break parsing', async () => {
    const dir = tmp();
    const text = JSON.stringify(agpushRecords[0]).replace(
      '{',
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"bad":1}},',
    );
    const d = await loadDataset(write(dir, 'x.jsonl', text + '\n'));
    expect(d.items).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('metadata is told by its shape, and what is left aside is said', () => {
  test("jirametrics' sample folder: its status list is used, the board and the download window are left aside", async () => {
    const d = await loadDataset(path.join(FIXTURES, 'jirametrics-sample', 'complete_sample'));
    expect(d.items.map((i) => i.key).sort()).toEqual(['SP-1', 'SP-11', 'SP-2', 'SP-5', 'SP-7', 'SP-8']);
    expect(d.problems).toEqual([]);
    expect(d.otherFiles.map((f) => [path.basename(f.file), f.what, f.used])).toEqual([
      ['sample_board_1_configuration.json', 'a board configuration', false],
      ['sample_meta.json', 'not Jira issue data', false],
      ['sample_statuses.json', 'a status list', true],
    ]);
    expect(d.statuses.find((s) => s.id === '3')).toEqual({
      id: '3',
      name: 'In Progress',
      category: 'indeterminate',
    });
  });

  test('a metadata name with the wrong shape is a file left out, said by its name', async () => {
    const dir = tmp();
    const file = write(dir, 'statuses.json', '{"not": "a list"}');
    const d = await loadDataset(dir);
    expect(d.problems).toMatchObject([
      { file, record: '(whole file)', message: expect.stringMatching(/^not a status list/) },
    ]);
  });
});

describe('a file that breaks adds nothing; the whole load is bounded', () => {
  test('a truncated gzip inside a folder is left out whole: none of its first records count', async () => {
    const dir = tmp();
    const whole = gzipSync(jsonl(agpushRecords));
    write(dir, 'a-truncated.jsonl.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    write(dir, 'b.json', JSON.stringify(agpushRecords.slice(0, 2)));
    const d = await loadDataset(dir);
    expect(d.items).toHaveLength(2);
    expect(d.problems).toMatchObject([
      { record: '(whole file)', message: expect.stringMatching(/cannot be read/) },
    ]);
    expect(Object.fromEntries(d.projectCounts)).toEqual({ AGPUSH: 2 });
  });

  test('a small gzip of invalid lines stops at the problem limit with one clear error', async () => {
    const dir = tmp();
    // About 15 kB compressed, 8 MB of one-character lines: millions of records that are not JSON.
    const bomb = gzipSync(Buffer.from('x\n'.repeat(4_000_000)));
    expect(bomb.length).toBeLessThan(20_000);
    const file = write(dir, 'bomb.jsonl.gz', bomb);
    await expect(loadDataset(file)).rejects.toThrow(
      new RegExp(
        `^more than 10000 records could not be read, so this is not taken for Jira issue data; the first: ${file}: record line 1: \\(record\\): not valid JSON`,
      ),
    );
  });

  test('decompression and record counts have limits of their own', async () => {
    const dir = tmp();
    const file = write(dir, 'x.jsonl.gz', gzipSync(jsonl(agpushRecords)));
    await expect(loadDataset(file, { maxDecompressedBytes: 100_000 })).rejects.toThrow(
      /x\.jsonl\.gz: the dataset holds more than 100000 bytes once read \(gzipped files decompressed\)/,
    );
    await expect(loadDataset(file, { maxRecords: 100 })).rejects.toThrow(/holds more than 100 records/);
    // In a folder, the record limit still stops the load: it is a limit of the whole dataset.
    await expect(loadDataset(dir, { maxRecords: 100 })).rejects.toThrow(/holds more than 100 records/);
  });

  test('a numeric changelog date out of range is one record left out, with its file and field', async () => {
    const dir = tmp();
    const record = structuredClone(agpushRecords[0]) as { changelog: { histories: { created: unknown }[] } };
    const first = record.changelog.histories[0];
    if (first === undefined) throw new Error('fixture');
    first.created = 1e300;
    const file = write(dir, 'x.json', JSON.stringify([record, agpushRecords[1]]));
    const d = await loadDataset(file);
    expect(d.items).toHaveLength(1);
    expect(d.problems).toMatchObject([
      {
        file,
        record: '#0',
        field: 'changelog.histories.0.created',
        message: expect.stringMatching(/outside the years/),
      },
    ]);
  });
});

describe('bounds that hold for a folder and for a record, whatever the files hold', () => {
  test('a JSON file larger than a few megabytes is read record by record, giving what JSON Lines gives', async () => {
    const dir = tmp();
    // Three copies of AGPUSH under other keys: 8 MB, past the 4 MB parsed whole.
    const many = [0, 1, 2].flatMap((k) =>
      agpushRecords.map((r) => {
        const text = JSON.stringify(r).replace(
          /"AGPUSH-(\d+)"/g,
          (_m, n: string) => `"AGPUSH-${Number(n) + k * 1000}"`,
        );
        return JSON.parse(
          text.replace(/"id":"(\d+)"/, (_m, id: string) => `"id":"${Number(id) + k * 1_000_000}"`),
        ) as unknown;
      }),
    );
    const asLines = await loadDataset(write(dir, 'lines/x.jsonl', jsonl(many)));
    const array = write(dir, 'array/x.json', JSON.stringify(many));
    const search = write(
      dir,
      'search/x.json',
      JSON.stringify({ startAt: 0, names: { a: '[,]' }, issues: many, isLast: true }),
    );
    expect(readFileSync(array).length).toBeGreaterThan(4 * 1024 * 1024);
    for (const file of [array, search]) {
      const d = await loadDataset(file);
      expect({ file, items: d.items.length, problems: d.problems }).toEqual({
        file,
        items: 528,
        problems: [],
      });
      expect(d.items).toEqual(asLines.items);
    }
    // A record is named as the whole-file read names it.
    const broken = write(
      dir,
      'broken/x.json',
      JSON.stringify({ issues: [...many.slice(0, 300), { key: 'X-1' }, ...many.slice(300)] }),
    );
    expect((await loadDataset(broken)).problems.map((p) => p.record)).toEqual(['issues[300]']);
  });

  test('a large JSON file of small values stops at the problem bound, in a process of 256 MB, not out of memory', () => {
    const dir = tmp();
    // 96 MB of empty arrays: 32 million values that JSON.parse would hold at once, gigabytes of them.
    const file = path.join(dir, 'big.json');
    const part = Buffer.from('[],'.repeat(1024 * 1024));
    const fd = openSync(file, 'w');
    writeSync(fd, '[');
    for (let i = 0; i < 32; i++) writeSync(fd, part);
    writeSync(fd, '[]]');
    closeSync(fd);
    const cli = path.join(__dirname, '..', '..', 'bin', 'flow-ledger.js');
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=256', cli, 'report', '--dataset', file, '--project', 'X'],
      {
        encoding: 'utf8',
      },
    );
    expect({ status: r.status, err: r.stderr }).toEqual({
      status: 1,
      err: expect.stringMatching(/^flow-ledger: error: more than 10000 records could not be read/),
    });
  });

  test("a small gzip of blank lines is refused by the dataset's bound on lines, read at once", async () => {
    const dir = tmp();
    const blank = gzipSync(Buffer.alloc(40_000_000, 0x0a));
    expect(blank.length).toBeLessThan(100_000);
    const file = write(dir, 'blank.jsonl.gz', blank);
    await expect(loadDataset(file, { maxLines: 10_000_000 })).rejects.toThrow(
      /blank\.jsonl\.gz: the dataset holds more than 10000000 lines, blank ones included/,
    );
    // Blank lines between records are no records, and leave none out.
    const spaced = write(
      dir,
      'spaced.jsonl',
      `\n\n${jsonl(agpushRecords.slice(0, 3)).replace(/\n/g, '\n\r\n\n')}\n\n`,
    );
    const d = await loadDataset(spaced);
    expect({ items: d.items.length, problems: d.problems }).toEqual({ items: 3, problems: [] });
  });

  test('the bound on bytes holds for a folder: files that each pass it do not pass it together', async () => {
    const dir = tmp();
    const gz = gzipSync(jsonl(agpushRecords));
    const size = gunzipSync(gz).length;
    write(dir, 'a.jsonl.gz', gz);
    expect((await loadDataset(dir, { maxDecompressedBytes: size + 10 })).items).toHaveLength(176);
    write(dir, 'b.jsonl.gz', gz);
    await expect(loadDataset(dir, { maxDecompressedBytes: size + 10 })).rejects.toThrow(
      /b\.jsonl\.gz: the dataset holds more than \d+ bytes once read/,
    );
  });
});

test('a large JSON file with a brace out of place is said not to be JSON, at once', async () => {
  const dir = tmp();
  const padding = ' '.repeat(4 * 1024 * 1024 + 10);
  for (const broken of ['[}', '[1}', '[{"a":1}}', '[[1],}', '{"issues":[}', '[:1]']) {
    const file = write(dir, `broken-${broken.length}-${broken.charCodeAt(1)}.json`, `${broken}${padding}`);
    await expect(loadDataset(file)).rejects.toThrow(/not valid JSON/);
  }
});
