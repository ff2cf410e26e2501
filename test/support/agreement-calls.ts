import { z } from 'zod';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { call } from './emulated-site';
import type { VirtualForge } from './local-forge';

/**
 * The agreements' resolvers as the panel calls them, through the real handler, with the answers
 * parsed: a read's view, a write's receipt and view, a refusal's code and message; and the epic as
 * Jira holds it, to check what was really written.
 */

export const AGREEMENT_TERMS = {
  reason: 'deadline',
  impact: 'The REST endpoints return entities as they are stored; clients depend on internal fields.',
  impactAreas: ['complexity', 'delivery-speed'],
  interest: 'high',
  visibility: 'core',
  outcome: 'A stable 1.0 API that client SDKs can rely on.',
  repayment: 'minimum-payments',
  dueDate: '2013-10-30',
  reviewCadenceDays: 30,
  scores: { impact: 4, effort: 2, risk: 3, timeToValue: 3 },
};

export const agreementView = z.looseObject({
  status: z.string().nullable(),
  problem: z.string().nullable(),
  repair: z.string().nullable(),
  revision: z.number(),
  canEdit: z.boolean(),
  agreement: z
    .looseObject({
      revision: z.number(),
      state: z.string(),
      history: z.array(z.looseObject({ action: z.string() })),
    })
    .nullable(),
});
export type AgreementViewShape = z.infer<typeof agreementView>;

export const writeReceipt = z.object({
  issueKey: z.string(),
  action: z.string(),
  revision: z.number(),
  labelled: z.boolean(),
  repeated: z.boolean(),
  summary: z.string(),
});
export type WriteReceiptShape = z.infer<typeof writeReceipt>;

export const writeResult = z.object({
  written: writeReceipt,
  view: agreementView.nullable(),
  viewProblem: z.string().nullable(),
});

export const refusal = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

const envelope = z.object({ ok: z.boolean(), data: z.unknown().optional(), error: z.unknown().optional() });

export interface AgreementCalls {
  /** The view a call answers: a read's, or the one a write answers beside its receipt. */
  readonly ok: (key: string, payload: unknown, who?: string) => Promise<AgreementViewShape>;
  /** A write's whole answer. */
  readonly write: (key: string, payload: unknown, who?: string) => Promise<z.infer<typeof writeResult>>;
  readonly refused: (
    key: string,
    payload: unknown,
    who?: string,
  ) => Promise<z.infer<typeof refusal>['error']>;
  /** The epic as Jira holds it: the property's value (null when absent) and the labels. */
  readonly jiraState: (key?: string) => Promise<{ property: unknown; labels: string[] }>;
  /** The epic's id, which keys its lock. */
  readonly epicId: (key?: string) => Promise<string>;
}

export function agreementCalls(forge: () => VirtualForge, emulator: () => JiraEmulator): AgreementCalls {
  const invoke = async (key: string, payload: unknown, who: string) =>
    envelope.parse(await forge().invoke(key, payload, who));
  const write: AgreementCalls['write'] = async (key, payload, who = 'acc-dev') => {
    const r = await invoke(key, payload, who);
    if (!r.ok) throw new Error(`${key} was refused: ${JSON.stringify(r.error)}`);
    return writeResult.parse(r.data);
  };
  return {
    ok: async (key, payload, who = 'acc-dev') => {
      const r = await invoke(key, payload, who);
      if (!r.ok) throw new Error(`${key} was refused: ${JSON.stringify(r.error)}`);
      const written = writeResult.safeParse(r.data);
      return agreementView.parse(written.success ? written.data.view : r.data);
    },
    write,
    refused: async (key, payload, who = 'acc-dev') =>
      refusal.parse(await forge().invoke(key, payload, who)).error,
    jiraState: async (key = 'AGPUSH-57') => {
      const prop = await call(
        emulator(),
        'admin',
        'GET',
        `/rest/api/3/issue/${key}/properties/tech-debt-agreement`,
      );
      const issue = await call(emulator(), 'admin', 'GET', `/rest/api/3/issue/${key}?fields=labels`);
      const labels = z.object({ fields: z.object({ labels: z.array(z.string()) }) }).parse(issue.body)
        .fields.labels;
      const property = prop.status === 200 ? z.object({ value: z.unknown() }).parse(prop.body).value : null;
      return { property, labels };
    },
    epicId: async (key = 'AGPUSH-57') => {
      const issue = await call(emulator(), 'admin', 'GET', `/rest/api/3/issue/${key}?fields=summary`);
      return z.object({ id: z.string() }).parse(issue.body).id;
    },
  };
}
