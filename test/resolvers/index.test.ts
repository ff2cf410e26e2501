import { handler } from '../../src/index';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { LocalForge } from '../../src/local/forge/local-forge';
import { FUNCTION_KEYS } from '../../src/contract';
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

test('an unknown function key is refused by the Forge resolver itself', async () => {
  await expect(forge.invoke('dropAllTables', {}, { accountId: 'acc-admin' })).rejects.toThrow(
    "Resolver has no definition for 'dropAllTables'.",
  );
});

test('an account Jira does not know gets nothing', async () => {
  await expect(
    forge.invoke('getSettings', { projectKey: 'AGPUSH' }, { accountId: 'acc-stranger' }),
  ).resolves.toMatchObject({
    ok: false,
    error: { code: 'NOT_PERMITTED' },
  });
});
