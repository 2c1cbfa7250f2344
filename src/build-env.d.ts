/** Set by vite.config.ts at build time: the package version and the git commit (see src/state/cite.ts). */
declare const __CODE_VERSION__: string | undefined;
