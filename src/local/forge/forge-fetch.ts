import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';
import type { JiraTransport } from '../../jira/http';
import type { JiraEmulator } from '../emulator/emulator';
import type { Actor } from '../emulator/users';
import type { KvsStore } from './kvs-store';
import type { LocalQueue } from './local-queue';

/**
 * The hook through which `@forge/api` and `@forge/kvs` reach Atlassian from a Forge function:
 * `global.__forge_fetch__(target, path, init)`. Off Forge it routes Jira requests to the emulator
 * (or to a real site) as the user of the current invocation, and storage to a local store, so
 * that the production resolvers run unchanged (docs/running-off-jira.md#the-preview).
 */

declare global {
  var __forge_fetch__: ((target: unknown, path: string, init?: RequestInit) => Promise<Response>) | undefined;
}

/** The user on whose behalf the current resolver invocation runs, as the Forge runtime knows it. */
export const invocationUser = new AsyncLocalStorage<{ accountId: string }>();

const targetSchema = z.object({
  type: z.string(),
  provider: z.string().optional(),
  remote: z.string().optional(),
});

export type JiraBackend =
  | { readonly kind: 'emulator'; readonly emulator: JiraEmulator }
  /** A real site: requests carry the site's API token, whoever the preview user is. */
  | { readonly kind: 'site'; readonly transport: JiraTransport };

function bodyText(init: RequestInit | undefined): string | undefined {
  const body = init?.body;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  throw new Error('__forge_fetch__: only string bodies are supported locally');
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((v, k) => (out[k] = v));
  return out;
}

export function installForgeFetch(
  backend: JiraBackend,
  kvs: KvsStore,
  queue: LocalQueue | null = null,
): void {
  globalThis.__forge_fetch__ = async (target, path, init) => {
    const t = targetSchema.parse(target);
    if (t.type === 'fpp' && t.remote === 'stargate' && path.startsWith('/webhook/queue/publish/')) {
      const reply = queue?.publish(bodyText(init)) ?? {
        status: 501,
        body: { errorMessage: 'No local queue: async events are not delivered here' },
      };
      return new Response(JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    if (t.type === 'kvs') {
      const reply = await kvs.handle(path, bodyText(init));
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    if (t.type !== 'fpp' || t.remote !== 'jira') {
      return new Response(JSON.stringify({ message: `No local route for ${t.type}/${t.remote ?? ''}` }), {
        status: 501,
      });
    }
    const method = (init?.method ?? 'GET').toUpperCase();
    const signal = init?.signal ?? new AbortController().signal;
    if (backend.kind === 'site') {
      const body = bodyText(init);
      const r = await backend.transport(
        {
          method: method === 'POST' || method === 'PUT' || method === 'DELETE' ? method : 'GET',
          path,
          ...(body !== undefined ? { body: JSON.parse(body) as unknown } : {}),
        },
        signal,
      );
      return new Response(r.status === 204 ? null : r.text, {
        status: r.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    const actor = actorFor(backend.emulator, t.provider);
    if (actor === null) {
      // Outside an invocation, or for an account the site does not know, Jira refuses the call.
      return new Response(
        JSON.stringify({
          errorMessages: ['Client must be authenticated to access this resource.'],
          errors: {},
        }),
        {
          status: 401,
          headers: { 'content-type': 'application/json' },
        },
      );
    }
    const r = await backend.emulator.handle(
      { method, path, headers: headersOf(init), body: bodyText(init) },
      actor,
    );
    return new Response(r.status === 204 ? null : r.body, { status: r.status, headers: r.headers });
  };
}

function actorFor(emulator: JiraEmulator, provider: string | undefined): Actor | null {
  if (provider === 'app') return { kind: 'app' };
  const accountId = invocationUser.getStore()?.accountId;
  const user = accountId !== undefined ? emulator.userById(accountId) : undefined;
  return user === undefined ? null : { kind: 'user', user };
}
