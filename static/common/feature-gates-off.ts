/**
 * Stands in, in the built surfaces, for Atlaskit's feature-gate client
 * (`@atlaskit/feature-gate-js-client/feature-gates`, with Statsig behind it: about 30 kB gzipped).
 * Atlaskit components ask it whether a gate is on; inside an app's frame nobody initialises it, so
 * the real client answers "off" (and the experiment's default) to every question after a console
 * warning. This module gives the same answers without the client. scripts/build-ui.mjs puts it in
 * place; docs/ui-bundles.md says why.
 */
const featureGatesOff = {
  checkGate: (_gate: string): boolean => false,
  getExperimentValue: <T>(_experiment: string, _parameter: string, defaultValue: T): T => defaultValue,
  initializeCompleted: (): boolean => false,
};

export default featureGatesOff;
