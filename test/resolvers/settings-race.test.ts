import { z } from 'zod';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { emulatedSite, newEmulator } from '../support/emulated-site';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * Twenty admins save the same revision at once, against a store that takes 15 ms each way as the
 * real one does (an instant store hides the race): exactly one save is confirmed, every other is
 * told CONFLICT, and what is stored is what the one confirmed save wrote. Before, a save read,
 * compared and wrote in three steps, and between 3 and 20 of the 20 were told "saved".
 */

const NOW = Date.parse('2013-10-01T00:00:00Z');
const envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.object({ revision: z.number(), settings: z.unknown() }) }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

let forge: VirtualForge;
let projectId: string;

beforeAll(async () => {
  const emulator = newEmulator(await emulatedSite(), { clock: () => NOW });
  forge = virtualForge(emulator, NOW, new KvsStore({ latencyMs: 15 }));
  projectId = emulator.site.project('AGPUSH')?.id ?? '';
});

async function race(
  revision: number,
): Promise<{ confirmed: unknown[]; conflicts: string[]; others: unknown[] }> {
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      forge
        .invoke(
          'saveSettings',
          {
            projectKey: 'AGPUSH',
            revision,
            // Each admin's edit is their own, so that a lost one would show.
            settings: { agreementReviewCadenceDays: 100 * (revision + 1) + i },
          },
          i % 2 === 0 ? 'acc-lead' : 'acc-admin',
        )
        .then((a) => envelope.parse(a)),
    ),
  );
  const confirmed = answers.flatMap((a) => (a.ok ? [a.data.settings] : []));
  const conflicts = answers.flatMap((a) => (!a.ok && a.error.code === 'CONFLICT' ? [a.error.message] : []));
  const others = answers.filter((a) => !a.ok && a.error.code !== 'CONFLICT');
  return { confirmed, conflicts, others };
}

const stored = (): unknown => forge.kvs.entity('flow-settings', `project:${projectId}`)?.settings;

test('twenty saves of the first revision: one is confirmed, nineteen conflict, the confirmed one is what is stored', async () => {
  const { confirmed, conflicts, others } = await race(0);
  expect(others).toEqual([]);
  expect(confirmed).toHaveLength(1);
  expect(conflicts).toHaveLength(19);
  expect(stored()).toEqual(confirmed[0]);
  expect(forge.kvs.entity('flow-settings', `project:${projectId}`)?.revision).toBe(1);
  // The losers are told who won, by name.
  expect(conflicts.every((m) => /^(Lee Lead|Ada Admin) saved these settings/.test(m))).toBe(true);
});

test('and again from the revision that won: no confirmed edit is ever overwritten', async () => {
  const { confirmed, conflicts } = await race(1);
  expect([confirmed.length, conflicts.length]).toEqual([1, 19]);
  expect(stored()).toEqual(confirmed[0]);
  expect(forge.kvs.entity('flow-settings', `project:${projectId}`)?.revision).toBe(2);
});
