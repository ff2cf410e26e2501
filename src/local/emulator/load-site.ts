import { loadDataset } from '../dataset/load-dataset';
import { EmulatedSite } from './site';

/** Loads a dataset (file or folder, DESIGN §8) as an emulated site; bad records are left out. */
export async function loadSite(source: string): Promise<{ site: EmulatedSite; problems: number }> {
  const dataset = await loadDataset(source, { keepRaw: true });
  return { site: new EmulatedSite(dataset), problems: dataset.problems.length };
}
