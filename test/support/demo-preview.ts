import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FLOW_LEDGER_APP } from '../../src/local/forge/flow-ledger-app';
import { emulatorPreview } from '../../src/local/preview/assemble';

const ROOT = path.join(__dirname, '..', '..');

/** The preview over the bundled demo, as `npm start` runs it, on a free port; its state in `stateDir`. */
export async function startDemoPreview(
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-preview-')),
): Promise<{ url: string; close: () => Promise<void> }> {
  const { server } = await emulatorPreview({
    source: path.join(ROOT, 'demo'),
    port: 0,
    stateDir,
    staticRoot: path.join(ROOT, 'static'),
    app: FLOW_LEDGER_APP,
  });
  return server.listen(0);
}
