'use strict';
// @forge/bundler depends on @forge/cli-shared, which depends on keytar (the OS credential store)
// for `forge login`. keytar's install script builds a native module, and here no prebuilt binary
// can be downloaded and node-gyp finds no Node headers, so `npm ci` would fail. Flow Ledger only
// runs the bundler (scripts/forge-bundle.js), which never touches credentials: package.json's
// `overrides` puts this package in keytar's place (through the devDependency of the same name, so
// that the lockfile records this folder's own path). Every call answers "nothing stored", so any code
// that did reach for a credential would find none rather than a fake one.
module.exports = {
  getPassword: async () => null,
  setPassword: async () => undefined,
  deletePassword: async () => false,
  findCredentials: async () => [],
  findPassword: async () => null,
};
