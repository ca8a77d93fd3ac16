// Where this copy of Changer runs from. A checkout (a git work tree: `npm start`) keeps its state
// in ./data and prints its admin token, as a playground; an installed package (`npm install -g`,
// a distribution package) is a service, configured by /etc/changer/changer.yaml.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const INSTALLED_CONFIG = '/etc/changer/changer.yaml';
export const INSTALLED_DATA_DIR = '/var/lib/changer';

/** The directory holding this package's package.json, found upwards from this module (source, dist or bundle). */
function packageRoot(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

// import.meta.url, not import.meta.dirname: the latter is Node ≥ 20.11 and package.json says ≥ 20.
export function runningFromCheckout(from: string = dirname(fileURLToPath(import.meta.url))): boolean {
  const root = packageRoot(from);
  return root !== undefined && existsSync(join(root, '.git'));
}
