import { handler } from '../../src/index';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { LocalForge } from '../../src/local/forge/local-forge';
import { FUNCTION_KEYS } from '../../src/contract-table';
import { emulatedSite, newEmulator } from '../support/emulated-site';

/** The production entry point of manifest.yml (`index.handler`), wired to Forge's own modules. */
let forge: LocalForge;

beforeAll(async () => {
  forge = new LocalForge(
    { kind: 'emulator', emulator: newEmulator(await emulatedSite()) },
    new KvsStore(),
    handler,
  );
});

test('every function of the contract is defined, and answers the envelope as the calling user', async () => {
  for (const key of FUNCTION_KEYS) {
    // A payload with an unknown key is refused by each, through the envelope: the key exists and parses strictly.
    await expect(forge.invoke(key, { unexpected: true }, { accountId: 'acc-dev' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  }
  await expect(
    forge.invoke('getSettings', { projectKey: 'AGPUSH' }, { accountId: 'acc-dev' }),
  ).resolves.toMatchObject({
    ok: true,
    data: { projectKey: 'AGPUSH', canEdit: false, isDefault: true },
  });
});

test.each(['dropAllTables', 'constructor', '__proto__', 'toString', 'hasOwnProperty', ''])(
  'the function key %j is refused in the envelope, and nothing of the context comes back',
  async (key) => {
    const answer = await forge.invoke(key, {}, { accountId: 'acc-admin' });
    expect(answer).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: `Flow Ledger has no function '${key}'.` },
    });
  },
);

test('an account Jira does not know gets nothing', async () => {
  await expect(
    forge.invoke('getSettings', { projectKey: 'AGPUSH' }, { accountId: 'acc-stranger' }),
  ).resolves.toMatchObject({
    ok: false,
    error: { code: 'NOT_PERMITTED' },
  });
});
