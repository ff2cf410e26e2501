import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * What keeps the preview to the person at its own page. It holds a credential (the emulator's
 * users, or a real site's API token), and it listens on localhost, where any web page the same
 * browser opens can send it requests:
 *
 * - a request for another host is refused, so that a page on a domain that resolves to 127.0.0.1
 *   (DNS rebinding) cannot read or write through it;
 * - a request that changes something must come from the preview's own origin (`Origin`, which
 *   Chromium sends with every POST), so that a page elsewhere cannot submit forms to it;
 * - `/__forge/invoke` also needs the session's secret, which only the preview's own pages carry
 *   (in a meta tag a page of another origin cannot read), as Forge's bridge carries its token.
 */
export class PreviewGuard {
  /** Sent by the preview's frames with every invoke, as `x-flow-ledger-session`. */
  readonly secret = randomBytes(24).toString('hex');
  private hosts = new Set<string>();

  /** The host names this preview answers to, once it knows its port. */
  listening(port: number, host: string): void {
    // An IPv6 address is bracketed in a Host header; on port 80 a browser leaves the port out.
    const named = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    const names = [named, '127.0.0.1', 'localhost', '[::1]'].map((n) => n.toLowerCase());
    this.hosts = new Set(names.flatMap((n) => (port === 80 ? [`${n}:80`, n] : [`${n}:${port}`])));
  }

  /** The request names this preview as its host. */
  hostAllowed(req: Pick<IncomingMessage, 'headers'>): boolean {
    const host = (req.headers.host ?? '').toLowerCase();
    return this.hosts.has(host);
  }

  /** A change comes from a page of this preview: its `Origin` is this preview's own. */
  sameOrigin(req: Pick<IncomingMessage, 'headers'>): boolean {
    const origin = req.headers.origin;
    if (typeof origin !== 'string') return false;
    try {
      const url = new URL(origin);
      return url.protocol === 'http:' && this.hosts.has(url.host.toLowerCase());
    } catch {
      return false;
    }
  }

  /** The request carries this session's secret. */
  hasSecret(req: IncomingMessage): boolean {
    const given = req.headers['x-flow-ledger-session'];
    if (typeof given !== 'string' || given.length !== this.secret.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(this.secret));
  }
}

/**
 * A path of this site to go back to after a form, or the fallback. Browsers read `/\host` and
 * `//host` as another site, and a URL with a scheme is one: only a plain absolute path is kept.
 */
export function localPath(candidate: string | null, fallback: string): string {
  if (candidate === null || !/^\/(?![/\\])/.test(candidate)) return fallback;
  // A backslash, or a control character a browser would strip before reading the rest.
  for (let i = 0; i < candidate.length; i++) {
    const code = candidate.charCodeAt(i);
    if (code === 0x5c || code < 0x20 || code === 0x7f) return fallback;
  }
  const url = new URL(candidate, 'http://preview.invalid');
  // Dot segments resolve only now: '/.//elsewhere' becomes the path '//elsewhere', which a browser
  // reads in a Location header as another host.
  if (url.origin !== 'http://preview.invalid' || url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
