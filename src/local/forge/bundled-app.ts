import { z } from 'zod';
import { FACT_QUEUE_KEY } from '../../events/forge-fact-queue';
import { REFRESH_QUEUE_KEY } from '../../events/forge-refresh-queue';
import type { ForgeApp, ForgeHandler } from './local-forge';

// A module's exports can only be checked for being functions; calling them is the real check.
const run = z.custom<(event?: unknown) => Promise<unknown>>((v) => typeof v === 'function');
const bundleShape = z.object({
  handler: z.custom<ForgeHandler>((v) => typeof v === 'function'),
  refreshAgreementsDaily: run,
  fillFactCache: run,
  continueAgreementsRefresh: run,
});

/**
 * Forge's bundle of the app (dist/forge/index.cjs, scripts/forge-bundle.js), as loaded, made the
 * app LocalForge runs: its exports keyed as manifest.yml names them, as FLOW_LEDGER_APP keys the
 * sources'. Used by the bundled-app tests and the benchmark's cold start.
 */
export function bundledApp(loaded: unknown): ForgeApp {
  const b = bundleShape.parse(loaded);
  return {
    handler: b.handler,
    scheduled: { 'refresh-agreements': () => b.refreshAgreementsDaily() },
    consumers: { [FACT_QUEUE_KEY]: b.fillFactCache, [REFRESH_QUEUE_KEY]: b.continueAgreementsRefresh },
  };
}
