import { handler } from '../../src/index';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';

// Called with the shape the Forge runtime sends: { call, context } and the principal beside it.
const invoke = (functionKey: string, payload: unknown = {}): Promise<unknown> =>
  handler(
    {
      call: { functionKey, payload },
      context: { extension: { type: 'jira:projectSettingsPage', project: { key: 'AGPUSH' } } },
    },
    { principal: { accountId: '557058:test' } },
  );

test('getDefaultSettings answers the envelope with the design defaults', async () => {
  expect(await invoke('getDefaultSettings')).toEqual({
    ok: true,
    data: JSON.parse(JSON.stringify(DEFAULT_SETTINGS)),
  });
});

test('an unknown function key is refused by the Forge resolver', async () => {
  await expect(invoke('dropAllTables')).rejects.toThrow("Resolver has no definition for 'dropAllTables'.");
});
