// Atlaskit's compiled CSS is imported by its own modules; Vite bundles it.
declare module '*.css';
