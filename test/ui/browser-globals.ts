import { randomUUID } from 'node:crypto';

/**
 * What every browser Jira supports has and jsdom lacks: `crypto.randomUUID`, with which a surface
 * names each write (the Custom UI frame is a secure context, where browsers provide it).
 */
if (typeof globalThis.crypto.randomUUID !== 'function') {
  Object.defineProperty(globalThis.crypto, 'randomUUID', { value: randomUUID });
}
