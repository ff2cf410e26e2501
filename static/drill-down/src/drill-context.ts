import { view } from '@forge/bridge';
import type { Contract } from '../../../src/contract';
import type { FlowCount } from '../../../src/domain/flow-counts';
import { FLOW_TYPES, type FlowType } from '../../../src/domain/types';

/**
 * What the project page hands the drill-down's modal (`new Modal({ context })`), which Forge gives
 * the modal as `extension.modal`: the count opened, and the window of the figures it belongs to,
 * with their dates and as-of moment, so that the list is the figures' whenever it is read. It
 * crossed a frame, so it is read field by field, not trusted (the browser has no zod: the server
 * checks the payload against the contract's schema).
 */
export type DrillContext =
  | { readonly count: FlowCount; readonly payload: Contract['getProjectItems']['payload'] }
  /** A count of a value stream's page: the stream's rows, or one team's (`spaceKey`). */
  | { readonly count: FlowCount; readonly stream: Contract['getStreamItems']['payload'] };

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? Object.getOwnPropertyDescriptor(value, key)?.value
    : undefined;
}

const optionalText = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function flowType(v: unknown): FlowType | undefined {
  return FLOW_TYPES.find((t) => t === v);
}

function readCount(v: unknown): FlowCount | null {
  const kind = field(v, 'kind');
  const type = flowType(field(v, 'type'));
  const period = optionalText(field(v, 'period'));
  const typed = type === undefined ? {} : { type };
  const dated = period === undefined ? {} : { period };
  switch (kind) {
    case 'completed':
      return { kind, ...typed, ...dated };
    case 'flow-time':
    case 'in-progress':
      return { kind, ...typed };
    case 'canceled':
      return { kind, ...dated };
    default:
      return null;
  }
}

function readPayload(v: unknown): Contract['getProjectItems']['payload'] | null {
  const projectKey = field(v, 'projectKey');
  if (typeof projectKey !== 'string') return null;
  const filter = optionalText(field(v, 'filter'));
  return { projectKey, ...readWindowFields(v), ...(filter !== undefined ? { filter } : {}) };
}

/** The window fields both payloads share, read one by one. */
function readWindowFields(v: unknown): {
  from?: string;
  to?: string;
  asOf?: string;
  weeks?: number;
  trendPeriod?: 'week' | 'month';
} {
  const weeks = field(v, 'weeks');
  const trendPeriod = field(v, 'trendPeriod');
  const from = optionalText(field(v, 'from'));
  const to = optionalText(field(v, 'to'));
  const asOf = optionalText(field(v, 'asOf'));
  return {
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(asOf !== undefined ? { asOf } : {}),
    ...(typeof weeks === 'number' ? { weeks } : {}),
    ...(trendPeriod === 'week' || trendPeriod === 'month' ? { trendPeriod } : {}),
  };
}

function readStreamPayload(v: unknown): Contract['getStreamItems']['payload'] | null {
  const streamId = field(v, 'streamId');
  if (typeof streamId !== 'string') return null;
  const spaceKey = optionalText(field(v, 'spaceKey'));
  return { streamId, ...readWindowFields(v), ...(spaceKey !== undefined ? { spaceKey } : {}) };
}

export function readDrillContext(modal: unknown): DrillContext | null {
  const count = readCount(field(modal, 'count'));
  if (count === null) return null;
  const stream = readStreamPayload(field(modal, 'stream'));
  if (stream !== null) return { count, stream };
  const payload = readPayload(field(modal, 'payload'));
  return payload === null ? null : { count, payload };
}

/** The modal's context, as Forge gives it to the modal's resource. */
export async function drillContext(): Promise<DrillContext | null> {
  return readDrillContext(field(field(await view.getContext(), 'extension'), 'modal'));
}
