// The package's version, for `changer --version` and `changer-mtx --version`. Imported from
// package.json itself, so a release cannot print a stale number (the bundle inlines it).
import packageJson from '../../package.json' with { type: 'json' };

export const PACKAGE_VERSION: string = packageJson.version;
