/**
 * The resources of manifest.yml that a surface opens by key rather than a module naming them: the
 * project page opens the work items behind a count in Jira's modal (`@forge/bridge`'s `Modal`).
 * The preview serves them, and a test holds them equal to the manifest.
 */
export const DRILL_DOWN_RESOURCE = 'drill-down';

export const MODAL_RESOURCES: readonly string[] = [DRILL_DOWN_RESOURCE];
