// How an installed bin starts (DESIGN §6: `changer-mtx status` within 2× Node's own start-up; backup
// software calls it many times a job). The bin's code is one CommonJS bundle (scripts/bundleBins.ts)
// compiled here with V8's code cache: the first run of a command keeps the bytecode V8 made for it
// in the user's cache directory, and later runs start from it instead of parsing and compiling
// again. Node 20 has no compile cache of its own for modules (module.enableCompileCache is 22), and
// an ES module graph cannot take one: hence CommonJS, which node:vm compiles from a string.
//
// The cache is only ever an optimisation. V8 checks each file against its own version, flags and
// the bundle's source and rejects one that does not match (a new Node, a new build, a damaged
// file); the command then compiles as without one and writes a fresh file when it ends. Files are
// written whole (a temporary file renamed), in a directory only the user can write, as executable
// bytecode must be. NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch for its cache) turns it off.
import { createHash } from 'node:crypto';
import Module from 'node:module';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import { Script, constants } from 'node:vm';

/** Arguments that make a run print something and stop, having run next to none of the command code. */
const INFORMATION_ONLY = new Set(['--version', '-V', '--help', '-h', 'help']);

/** NODE_DEBUG=changer-compile-cache says what the cache did. */
const debug = debuglog('changer-compile-cache');

/**
 * Where the code cache of the bundle at `filename` lives: one directory per Node version and
 * architecture, as V8 accepts no other, and one file per bundle path, so two installed copies
 * (a package and a checkout's build) do not replace each other's file at every run.
 */
function compileCachePath(bin: string, filename: string): string | undefined {
  const env = process.env;
  if (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '' && env.NODE_DISABLE_COMPILE_CACHE !== '0') return undefined;
  let base = env.XDG_CACHE_HOME;
  if (base === undefined || base === '') {
    try {
      base = join(homedir(), '.cache');
    } catch {
      return undefined;
    }
  }
  const place = createHash('sha256').update(filename).digest('hex').slice(0, 12);
  return join(base, 'changer', 'compile-cache', `${process.version}-${process.arch}`, `${bin}-${place}.cache`);
}

function readCache(path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Writes the cache whole or not at all; a cache that cannot be written costs the next run its compile, nothing else. */
function writeCache(path: string, script: Script): void {
  try {
    const data = script.createCachedData();
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, path);
    debug('wrote %s (%d bytes)', path, data.length);
  } catch (error) {
    debug('could not write %s: %s', path, (error as Error).message);
  }
}

/** Runs dist/<bin>.cjs (beside `launcherUrl`, the bin's own module) as Node runs a CommonJS main module, from the code cache when there is one. */
export function runBundle(bin: string, launcherUrl: string): void {
  const filename = join(dirname(fileURLToPath(launcherUrl)), `${bin}.cjs`);
  const source = readFileSync(filename, 'utf8');
  const cachePath = compileCachePath(bin, filename);
  const cachedData = readCache(cachePath);
  const script = new Script(Module.wrap(source), {
    filename,
    ...(cachedData === undefined ? {} : { cachedData }),
    // import() of an external package (koffi) resolves as from a module at the bundle's place.
    // (The constant is Node ≥ 20.12; before it, the same through a callback.)
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER ?? ((specifier: string) => import(specifier)),
  });
  debug('%s: %s', cachePath ?? 'cache off', cachedData === undefined ? 'no cache' : script.cachedDataRejected === true ? 'rejected' : 'accepted');
  if (cachePath !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // At exit, so the file holds the bytecode of every function the command ran, not only the top
    // level. An accepted cache is never written again (that costs ~6 ms a run), so the run that
    // writes it must be a real command: not --version, --help or a usage error, whose cache would
    // leave every later command compiling most of what it runs.
    process.once('exit', (code) => {
      if (code === 0 && !process.argv.slice(2).some((arg) => INFORMATION_ONLY.has(arg))) writeCache(cachePath, script);
    });
  }
  const main = new Module(filename);
  main.filename = filename;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(main.exports, main.exports, Module.createRequire(filename), main, filename, dirname(filename));
  main.loaded = true;
}
