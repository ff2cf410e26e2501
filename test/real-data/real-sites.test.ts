import path from 'node:path';
import { createFlowContext } from '../../src/domain/flow-context';
import { analyzeItem, computeFlowReport } from '../../src/domain/flow-report';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import type { FlowState } from '../../src/domain/types';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { FIXTURES } from '../support/emulated-site';

/**
 * Real exports with the shapes that used to be refused or misread, checked against what their
 * SOURCE.txt says was counted by hand.
 */

function currentStates(
  items: Awaited<ReturnType<typeof loadDataset>>['items'],
  statuses: Awaited<ReturnType<typeof loadDataset>>['statuses'],
): Record<FlowState, number> {
  const context = createFlowContext(DEFAULT_SETTINGS, statuses, items);
  const counts: Record<FlowState, number> = { new: 0, waiting: 0, active: 0, done: 0 };
  for (const item of items) counts[analyzeItem(item, context).timeline.currentState]++;
  return counts;
}

describe('ZMETRIC: a Server search that asked for issuetype, created and resolutiondate only', () => {
  test('every record is read; the current status comes from the last status change', async () => {
    const d = await loadDataset(path.join(FIXTURES, 'zuhlke-zmetric'));
    expect(d.items).toHaveLength(149);
    expect(d.problems).toEqual([]);
    expect(d.items.every((i) => i.status === null)).toBe(true);
    // SOURCE.txt: last status Done 87, On Hold 23, In Progress 4, Ready For Test 1, To Do 2, never moved 32.
    // On Hold and Ready For Test are waiting states (their names hold "on hold" and "ready for").
    expect(currentStates(d.items, d.statuses)).toEqual({ done: 87, waiting: 24, active: 4, new: 34 });
    // The project's statuses by issue type were recognised as metadata, not read as issues.
    expect(d.otherFiles.map((f) => [path.basename(f.file), f.what])).toEqual([
      ['ZMETRIC-project-statuses.json', "a project's statuses by issue type"],
    ]);
    expect(d.statuses.find((s) => s.name === 'On Hold')?.category).toBe('indeterminate');
  });

  test('the report names the export without statuses once, per issue concerned', async () => {
    const d = await loadDataset(path.join(FIXTURES, 'zuhlke-zmetric'));
    const r = computeFlowReport({
      project: 'ZMETRIC',
      items: d.items,
      statuses: d.statuses,
      window: { from: '2019-01-01', to: '2019-06-30' },
      settings: DEFAULT_SETTINGS,
    });
    const missing = r.dataQuality.find((f) => f.code === 'NO_CURRENT_STATUS');
    expect(missing?.count).toBeGreaterThan(0);
    expect(r.velocity.total).toBeGreaterThan(0);
  });
});

describe("DevLake's EE: a migrated Cloud workflow whose issues disagree about one status", () => {
  test("已完成 (id 10068) is done: 25 issues say done, 5 say new, and the site's status list says done", async () => {
    const d = await loadDataset(path.join(FIXTURES, 'apache-devlake', 'EE'), { projectKey: 'EE' });
    const context = createFlowContext(DEFAULT_SETTINGS, d.statuses, d.items);
    expect(context.categoryConflicts).toEqual([
      {
        status: { id: '10068', name: '已完成', category: 'done' },
        chosen: 'done',
        source: 'status list',
        votes: { new: 5, indeterminate: 0, done: 25 },
      },
    ]);
    expect(currentStates(d.items, d.statuses).done).toBe(30);
  });

  test('without the status list, the majority of the issues decides the same', async () => {
    const d = await loadDataset(path.join(FIXTURES, 'apache-devlake', 'EE', 'issues.json'), {
      projectKey: 'EE',
    });
    expect(d.statuses.find((s) => s.id === '10068')?.category).toBe('done');
    const r = computeFlowReport({
      project: 'EE',
      items: d.items,
      statuses: d.statuses,
      window: { from: '2020-06-01', to: '2022-07-31' },
      settings: DEFAULT_SETTINGS,
    });
    expect(r.velocity.total).toBe(16);
    // The five that say new are EE-1, EE-10, EE-35, EE-36 and EE-37; EE-35 and EE-36 are sub-tasks,
    // not flow items, so the finding names the other three.
    expect(r.dataQuality.find((f) => f.code === 'STATUS_CATEGORY_CONFLICT')?.issues).toEqual([
      'EE-1',
      'EE-10',
      'EE-37',
    ]);
  });
});
