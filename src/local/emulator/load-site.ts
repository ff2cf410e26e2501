import { describeProblem } from '../dataset/dataset-builder';
import { loadDataset } from '../dataset/load-dataset';
import { EmulatedSite } from './site';

/**
 * Loads a dataset (file or folder, docs/running-off-jira.md) as an emulated site; bad records are left out, and
 * the first of them is kept to say which file and field was wrong.
 */
export async function loadSite(
  source: string,
): Promise<{ site: EmulatedSite; problems: number; firstProblem: string | null }> {
  const dataset = await loadDataset(source, { keepRaw: true });
  const first = dataset.problems[0];
  return {
    site: new EmulatedSite(dataset),
    problems: dataset.problems.length,
    firstProblem: first === undefined ? null : describeProblem(first),
  };
}
