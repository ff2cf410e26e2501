import { FACT_QUEUE_KEY } from '../../events/forge-fact-queue';
import { REFRESH_QUEUE_KEY } from '../../events/forge-refresh-queue';
import { continueAgreementsRefresh, fillFactCache, handler, refreshAgreementsDaily } from '../../index';
import type { ForgeApp } from './local-forge';

/** Flow Ledger's Forge entry points, keyed as manifest.yml names them (test/manifest.test.ts holds them equal). */
export const FLOW_LEDGER_APP: ForgeApp = {
  handler,
  scheduled: { 'refresh-agreements': refreshAgreementsDaily },
  consumers: { [FACT_QUEUE_KEY]: fillFactCache, [REFRESH_QUEUE_KEY]: continueAgreementsRefresh },
};
