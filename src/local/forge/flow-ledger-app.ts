import { handler, refreshAgreementsDaily } from '../../index';
import type { ForgeApp } from './local-forge';

/** Flow Ledger's Forge entry points, keyed as manifest.yml names them (test/manifest.test.ts holds them equal). */
export const FLOW_LEDGER_APP: ForgeApp = {
  handler,
  scheduled: { 'refresh-agreements': refreshAgreementsDaily },
};
