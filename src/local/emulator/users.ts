import { z } from 'zod';

/**
 * The emulator's people and what each may do, from a dataset's `users.json`:
 *
 *   [{ "accountId": "…", "emailAddress": "dev@example.com", "displayName": "Dev",
 *      "apiToken": "…", "browse": ["AGPUSH"], "edit": ["AGPUSH"], "administer": [], "siteAdmin": false }]
 *
 * `browse`, `edit` and `administer` list project keys, or "*" for every project (`edit` lets a user
 * create work items there as well, Jira's "Create issues"); `securityLevels`
 * names the issue security levels whose issues the user may see ("*" for all). A user without
 * `apiToken` signs in with the token `flow-ledger`. Without users.json the site has one user,
 * admin@example.com, who may do everything.
 */

export const DEFAULT_API_TOKEN = 'flow-ledger';

const access = z.union([z.literal('*'), z.array(z.string().min(1))]);

const userSchema = z.strictObject({
  accountId: z.string().min(1).max(128),
  emailAddress: z.string().min(3).max(254),
  displayName: z.string().min(1).max(255),
  apiToken: z.string().min(1).max(255).default(DEFAULT_API_TOKEN),
  timeZone: z.string().default('UTC'),
  siteAdmin: z.boolean().default(false),
  browse: access.default([]),
  edit: access.default([]),
  administer: access.default([]),
  securityLevels: access.default([]),
});

export const usersFileSchema = z.array(userSchema).min(1).max(1000);

export type Access = '*' | readonly string[];

export interface EmulatedUser {
  readonly accountId: string;
  readonly emailAddress: string;
  readonly displayName: string;
  readonly apiToken: string;
  readonly timeZone: string;
  readonly siteAdmin: boolean;
  readonly browse: Access;
  readonly edit: Access;
  readonly administer: Access;
  readonly securityLevels: Access;
}

export const DEFAULT_ADMIN: EmulatedUser = {
  accountId: '557058:f0c3e2a1-0000-4000-8000-00000000ad01',
  emailAddress: 'admin@example.com',
  displayName: 'Site Admin',
  apiToken: DEFAULT_API_TOKEN,
  timeZone: 'UTC',
  siteAdmin: true,
  browse: '*',
  edit: '*',
  administer: '*',
  securityLevels: '*',
};

/** Who a request acts as: a person of the site, or the app itself (`asApp()`), which sees all. */
export type Actor = { readonly kind: 'user'; readonly user: EmulatedUser } | { readonly kind: 'app' };

function allows(list: Access, projectKey: string): boolean {
  return list === '*' || list.includes(projectKey);
}

export function canBrowse(actor: Actor, projectKey: string): boolean {
  if (actor.kind === 'app') return true;
  const u = actor.user;
  return (
    u.siteAdmin ||
    allows(u.browse, projectKey) ||
    allows(u.edit, projectKey) ||
    allows(u.administer, projectKey)
  );
}

/**
 * An issue with a security level is hidden from everyone outside that level, site admins
 * included, on every path: search, issue, changelogs. The app itself sees all.
 */
export function canSeeIssue(
  actor: Actor,
  issue: { readonly projectKey: string; readonly securityLevel: string | null },
): boolean {
  if (!canBrowse(actor, issue.projectKey)) return false;
  if (actor.kind === 'app' || issue.securityLevel === null) return true;
  return allows(actor.user.securityLevels, issue.securityLevel);
}

export function canEdit(actor: Actor, projectKey: string): boolean {
  if (actor.kind === 'app') return true;
  const u = actor.user;
  return u.siteAdmin || allows(u.edit, projectKey) || allows(u.administer, projectKey);
}

/**
 * Jira's "Create issues": the users file keeps no list of its own for it, so whoever may edit a
 * space's work items may create them there (its administrators and site admins among them).
 */
export function canCreate(actor: Actor, projectKey: string): boolean {
  return canEdit(actor, projectKey);
}

export function canAdminister(actor: Actor, projectKey: string): boolean {
  if (actor.kind === 'app') return true;
  return actor.user.siteAdmin || allows(actor.user.administer, projectKey);
}

export function parseUsers(value: unknown): EmulatedUser[] {
  const parsed = usersFileSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `users.json: ${first === undefined ? 'invalid' : `${first.path.join('.') || '(root)'}: ${first.message}`}`,
    );
  }
  const seen = new Set<string>();
  for (const u of parsed.data) {
    const email = u.emailAddress.toLowerCase();
    if (seen.has(email)) throw new Error(`users.json: ${u.emailAddress} appears twice`);
    seen.add(email);
  }
  return parsed.data;
}

/** The caller as the request log and the rate limit name it. */
export function actorName(actor: Actor | null): string {
  if (actor === null) return 'anonymous';
  return actor.kind === 'app' ? 'app' : actor.user.emailAddress;
}
