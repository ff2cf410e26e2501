import { z } from 'zod';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { agpushCopies, emulatedSite, newEmulator } from '../support/emulated-site';
import { realTimeForge, virtualForge } from '../support/local-forge';

/**
 * A load that fails part way must answer in its envelope, leave no request running behind it, and
 * never leave a failure without a handler: in Node, as in the preview and the CLI, an unhandled
 * rejection ends the process. A slow or silent Jira must not push the answer past the deadline.
 */

const NOW = Date.parse('2013-10-01T00:00:00Z');

const errorEnvelope = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), message: z.string() }),
});

/** 2640 issues, so that changelog batches start while pages still come. */
async function bigEmulator(): Promise<JiraEmulator> {
  return newEmulator(await emulatedSite([agpushCopies(15)]), { clock: () => NOW });
}

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Lets timers and late promise reactions run, so that a rejection left behind would show. */
const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a load that fails part way', () => {
  test('a search page refused while a changelog batch is under way: one coded error, nothing left running', async () => {
    const emulator = await bigEmulator();
    const forge = virtualForge(emulator, NOW);
    emulator.injectFaults(
      // The eleventh search page is refused; the first batch of 1000 changelogs, started after
      // the tenth, fails a moment later and keeps failing.
      { status: 400, endpoint: 'POST /rest/api/3/search/jql', after: 10 },
      ...Array.from({ length: 10 }, () => ({
        status: 500,
        endpoint: 'POST /rest/api/3/changelog/bulkfetch',
        delayMs: 30,
      })),
    );
    const answer = errorEnvelope.parse(
      await forge.invoke('getProjectFlow', { projectKey: 'AGPUSH', from: '2013-03-01', to: '2013-09-30' }),
    );
    expect(answer.error.code).toBe('INVALID_INPUT');
    expect(answer.error.message).toMatch(/^Jira refused POST \/rest\/api\/3\/search\/jql/);
    // After the answer, no request of the load starts: what was in flight was cancelled, and
    // the failing batch does not go on retrying behind the answer.
    const answered = emulator.log.length;
    const inFlight = emulator.inFlight;
    await settle(400);
    expect(emulator.log.length - answered).toBeLessThanOrEqual(inFlight);
    expect(emulator.inFlight).toBe(0);
    expect(unhandled).toEqual([]);
  });

  test('a changelog batch that fails stops the paging and is the error reported', async () => {
    const emulator = await bigEmulator();
    const forge = virtualForge(emulator, NOW);
    emulator.injectFaults({ status: 403, endpoint: 'POST /rest/api/3/changelog/bulkfetch' });
    const answer = errorEnvelope.parse(await forge.invoke('getProjectFlow', { projectKey: 'AGPUSH' }));
    expect(answer.error.code).toBe('NOT_PERMITTED');
    const pages = emulator.log.filter((e) => e.endpoint === '/rest/api/3/search/jql').length;
    // The failed batch cancelled the paging: not all 27 pages were asked for.
    expect(pages).toBeLessThan(27);
    await settle(100);
    expect(unhandled).toEqual([]);
  });
});

describe('the deadline holds', () => {
  test('a Jira that accepts a request and never answers: JIRA_UNAVAILABLE naming it, within the budget', async () => {
    const emulator = newEmulator(await emulatedSite(), { clock: () => NOW });
    const forge = realTimeForge(emulator, NOW, 500);
    emulator.injectFaults({ status: 'hang', endpoint: 'POST /rest/api/3/search/jql' });
    const answer = errorEnvelope.parse(await forge.invoke('getProjectFlow', { projectKey: 'AGPUSH' }));
    expect(answer.error).toEqual({
      code: 'JIRA_UNAVAILABLE',
      message: expect.stringMatching(
        /^Jira did not answer POST \/rest\/api\/3\/search\/jql in the time left \(0\.\d s\)$/,
      ),
    });
    await settle(50);
    expect(unhandled).toEqual([]);
  });

  test('a Jira slower than the budget: the answer comes at the deadline, not after the last request', async () => {
    // Each answer takes 3 s and the budget is 2 s; before, every request that had started ran to
    // its end, and the resolver answered after 3 s or more (Forge would have stopped it first).
    const emulator = newEmulator(await emulatedSite(), { clock: () => NOW, latencyMs: 3000 });
    const forge = realTimeForge(emulator, NOW, 2000);
    const started = Date.now();
    const answer = errorEnvelope.parse(await forge.invoke('getProjectFlow', { projectKey: 'AGPUSH' }));
    const elapsed = Date.now() - started;
    expect(answer.error.code).toBe('JIRA_UNAVAILABLE');
    expect(answer.error.message).toMatch(/in the time left/);
    expect(elapsed).toBeLessThan(2900);
  });
});
