import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { startDemoPreview } from '../support/demo-preview';
import { invokeThrough, previewSession } from '../support/preview-session';

/**
 * A restart of the preview keeps both halves of an agreement: the app's storage (its lock) and
 * what it wrote into Jira (the property and the label), so that the epic is saved again after it
 * as before, never refused as "changed by someone else".
 */

const LEAD = '557058:demo-0000-4000-8000-000000000002';

const answer = z.object({
  ok: z.literal(true),
  data: z.looseObject({ written: z.looseObject({ revision: z.number(), labelled: z.boolean() }) }),
});
const view = z.object({
  ok: z.literal(true),
  data: z.looseObject({ revision: z.number(), status: z.string().nullable() }),
});

test('an agreement recorded before a restart is there after it, and is saved again', async () => {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-restart-'));
  const terms = {
    reason: 'deadline',
    impact: 'Recorded before a restart.',
    interest: 'low',
    visibility: 'rare',
    outcome: 'Nothing lost.',
    repayment: 'lump-sum',
    dueDate: '2013-12-31',
    reviewCadenceDays: 30,
  };
  const first = await startDemoPreview(stateDir);
  let session = await previewSession(first.url, LEAD);
  const saved = answer.parse(
    (
      await invokeThrough(first.url, session, 'saveAgreement', {
        issueKey: 'AGPUSH-63',
        revision: 0,
        writeId: 'restart-0000001',
        terms,
      })
    ).body,
  );
  expect(saved.data.written).toMatchObject({ revision: 1, labelled: true });
  await first.close();

  const second = await startDemoPreview(stateDir);
  session = await previewSession(second.url, LEAD);
  const again = view.parse(
    (await invokeThrough(second.url, session, 'getAgreement', { issueKey: 'AGPUSH-63' })).body,
  );
  expect(again.data).toMatchObject({ revision: 1, status: 'on-track' });
  const edited = answer.parse(
    (
      await invokeThrough(second.url, session, 'saveAgreement', {
        issueKey: 'AGPUSH-63',
        revision: 1,
        writeId: 'restart-0000002',
        terms: { ...terms, interest: 'medium' },
      })
    ).body,
  );
  expect(edited.data.written).toMatchObject({ revision: 2, labelled: true });
  await second.close();
});
