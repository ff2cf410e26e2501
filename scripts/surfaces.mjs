// The Custom UI surfaces, each a Vite app under static/<surface> built to static/<surface>/build,
// the folder manifest.yml names for its resource.
export const SURFACES = [
  'project-page',
  'issue-panel',
  'agreement-panel',
  'gadget',
  'gadget-edit',
  'agreements-gadget',
  'agreements-gadget-edit',
  'settings-page',
  'drill-down',
];
