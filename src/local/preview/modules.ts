import { MODAL_RESOURCES } from '../../resources';

/** The app's modules as manifest.yml declares them (test/manifest.test.ts holds them equal). */
export const MODULES = {
  projectPage: {
    key: 'flow-project-page',
    resource: 'project-page',
    type: 'jira:projectPage',
    title: 'Flow',
  },
  streamsPage: {
    key: 'flow-value-streams',
    resource: 'project-page',
    type: 'jira:globalPage',
    title: 'Value streams',
  },
  sprintAction: {
    key: 'flow-sprint-action',
    resource: 'project-page',
    type: 'jira:sprintAction',
    title: 'Flow mix of this sprint',
  },
  backlogAction: {
    key: 'flow-backlog-action',
    resource: 'project-page',
    type: 'jira:backlogAction',
    title: 'Flow mix of the backlog',
  },
  issuePanel: { key: 'flow-issue-panel', resource: 'issue-panel', type: 'jira:issuePanel', title: 'Flow' },
  agreementPanel: {
    key: 'debt-agreement-panel',
    resource: 'agreement-panel',
    type: 'jira:issuePanel',
    title: 'Technical debt agreement',
  },
  gadget: {
    key: 'flow-distribution-gadget',
    resource: 'gadget',
    type: 'jira:dashboardGadget',
    title: 'Flow distribution',
  },
  gadgetEdit: {
    key: 'flow-distribution-gadget',
    resource: 'gadget-edit',
    type: 'jira:dashboardGadget',
    title: 'Flow distribution',
  },
  agreementsGadget: {
    key: 'debt-agreements-gadget',
    resource: 'agreements-gadget',
    type: 'jira:dashboardGadget',
    title: 'Technical debt agreements',
  },
  agreementsGadgetEdit: {
    key: 'debt-agreements-gadget',
    resource: 'agreements-gadget-edit',
    type: 'jira:dashboardGadget',
    title: 'Technical debt agreements',
  },
  settingsPage: {
    key: 'flow-settings-page',
    resource: 'settings-page',
    type: 'jira:projectSettingsPage',
    title: 'Flow settings',
  },
} as const;

export type ModuleName = keyof typeof MODULES;

export const RESOURCES: readonly string[] = [
  ...new Set([...Object.values(MODULES).map((m) => m.resource), ...MODAL_RESOURCES]),
];
