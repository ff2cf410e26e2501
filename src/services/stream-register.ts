import type { StreamRegisterView } from '../contract';
import type { JiraClient } from '../jira/jira-client';
import { agreementCache } from './agreement-flow';
import { registerOfSpaces } from './agreement-register-view';
import type { KeyValueStore } from './key-value-store';
import { spacesById } from './space-access';
import { readStream, seenBy } from './stream-store';

/**
 * A value stream's agreements (docs/value-streams.md#its-agreements): the register of the spaces
 * the reader may browse, ranked as one space's is, and each team's minimum payments beside it;
 * the stream's other spaces are a count, as everywhere else.
 */
export async function listStreamAgreements(
  jira: JiraClient,
  store: KeyValueStore,
  accountId: string,
  request: { readonly streamId: string; readonly statuses?: readonly string[] | undefined },
  now: number,
): Promise<StreamRegisterView> {
  const stored = await readStream(store, request.streamId);
  const visible = await spacesById(jira, stored.stream.spaceIds);
  const seen = seenBy(stored.stream, visible);
  const { view, ledgers } = await registerOfSpaces(
    jira,
    agreementCache(store, accountId),
    seen.spaces,
    request.statuses,
    now,
  );
  return {
    ...view,
    stream: { id: stored.id, name: stored.stream.name },
    unavailable: seen.unavailable,
    teams: ledgers.map((l) => ({ space: l.space, ledger: l.ledger, ledgerAgreed: l.ledgerAgreed })),
  };
}
