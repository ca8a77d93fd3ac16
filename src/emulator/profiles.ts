/**
 * The built-in library profiles (profiles/*.json) and loading a profile from a user's file.
 * Each built-in is imported lazily so opening a small library does not parse the others.
 */
import { readFile } from 'node:fs/promises';
import { EmulatorError } from './emulatorError.ts';
import type { Profile } from './profile.ts';
import { validateProfile } from './profileValidation.ts';

interface JsonModule {
  readonly default: unknown;
}

const BUILT_IN: Readonly<Record<string, () => Promise<JsonModule>>> = {
  'autoloader-8': () => import('./profiles/autoloader-8.json', { with: { type: 'json' } }),
  'library-24': () => import('./profiles/library-24.json', { with: { type: 'json' } }),
  'library-500': () => import('./profiles/library-500.json', { with: { type: 'json' } }),
  'enterprise-10000': () => import('./profiles/enterprise-10000.json', { with: { type: 'json' } }),
  'jukebox-optical': () => import('./profiles/jukebox-optical.json', { with: { type: 'json' } }),
};

export const BUILT_IN_PROFILES: readonly string[] = Object.keys(BUILT_IN);

/**
 * A built-in profile by name, or a profile file when `nameOrPath` ends in ".json".
 * The result is validated; a failure names the file and every bad field.
 */
export async function loadProfile(nameOrPath: string): Promise<Profile> {
  if (nameOrPath.endsWith('.json')) return loadProfileFile(nameOrPath);
  const load = BUILT_IN[nameOrPath];
  if (load === undefined) {
    throw new EmulatorError(
      'PROFILE_NOT_FOUND',
      `No library profile named "${nameOrPath}". Built-in profiles: ${BUILT_IN_PROFILES.join(', ')}; or give the path of a profile .json file.`,
    );
  }
  const json = (await load()).default;
  const profile = validateProfile(json, `"${nameOrPath}" (src/emulator/profiles/${nameOrPath}.json)`);
  if (profile.name !== nameOrPath) {
    throw new EmulatorError('PROFILE_INVALID', `Library profile file profiles/${nameOrPath}.json says its name is "${profile.name}"; the two must agree.`);
  }
  return profile;
}

export async function loadProfileFile(path: string): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new EmulatorError('PROFILE_NOT_FOUND', `Cannot read library profile ${path}: ${(cause as Error).message}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new EmulatorError('PROFILE_INVALID', `Library profile ${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return validateProfile(json, path);
}
