import Resolver from '@forge/resolver';
import type { Result } from './contract';
import { DEFAULT_SETTINGS, type FlowSettings } from './domain/settings';

/**
 * Forge entry points named in manifest.yml. The resolvers that read Jira (project flow, issue flow,
 * settings) arrive with the Jira integration; this one answers what exists so far.
 */
const resolver = new Resolver();

resolver.define('getDefaultSettings', (): Result<FlowSettings> => ({ ok: true, data: DEFAULT_SETTINGS }));

export const handler = resolver.getDefinitions();
