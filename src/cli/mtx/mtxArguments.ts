/**
 * mtx's command line: `-f <device>` (or `--device <device>`) and commands, any number, run in
 * order as they come. A command takes up to its count of numeric arguments, and only while they
 * are numeric, so `load 3 status` is "load slot 3" then "status". An argument is numeric when it starts with a
 * digit, and its value is its leading digits ("3x" is 3), as atoi reads it.
 */

export const COMMANDS = {
  inquiry: { args: 0, device: true, status: false },
  status: { args: 0, device: true, status: true },
  invert: { args: 0, device: false, status: false },
  noattach: { args: 0, device: false, status: false },
  eepos: { args: 1, device: false, status: false },
  load: { args: 2, device: true, status: true },
  unload: { args: 2, device: true, status: true },
  transfer: { args: 2, device: true, status: true },
  first: { args: 1, device: true, status: true },
  last: { args: 1, device: true, status: true },
  previous: { args: 1, device: true, status: true },
  next: { args: 1, device: true, status: true },
  '--version': { args: 0, device: false, status: false },
  inventory: { args: 0, device: true, status: false },
  eject: { args: 0, device: true, status: false },
  erase: { args: 0, device: true, status: false },
  nobarcode: { args: 0, device: false, status: false },
  position: { args: 1, device: true, status: true },
  invert2: { args: 0, device: false, status: false },
  exchange: { args: 3, device: true, status: true },
  altres: { args: 0, device: false, status: false },
} as const satisfies Record<string, { args: number; device: boolean; status: boolean }>;

export type MtxCommandName = keyof typeof COMMANDS;

/** A numeric argument that was not given (mtx's −1). */
export const MISSING = -1;

export type MtxStep =
  | { readonly kind: 'device'; readonly device: string }
  | { readonly kind: 'command'; readonly name: MtxCommandName; readonly args: readonly number[] }
  /** No arguments at all, a word that is no command, or `-f` with nothing after it: mtx prints its usage there. */
  | { readonly kind: 'usage' };

function isCommandName(word: string): word is MtxCommandName {
  return Object.hasOwn(COMMANDS, word);
}

function numericValue(word: string | undefined): number {
  if (word === undefined || !/^[0-9]/.test(word)) return MISSING;
  return Number(/^[0-9]+/.exec(word)?.[0] ?? MISSING);
}

/** The steps in order; parsing stops at the first usage step, since mtx exits there. */
export function parseMtxArguments(argv: readonly string[]): MtxStep[] {
  // A bare `mtx` is a mistake, not a request for nothing: mtx answers it with its usage and exit code 1.
  if (argv.length === 0) return [{ kind: 'usage' }];
  const steps: MtxStep[] = [];
  let i = 0;
  while (i < argv.length) {
    const word = argv[i++]!;
    // --device is the spelling `changer` uses (and mtx's scripts never pass): the same as -f.
    if (word === '-f' || word === '--device') {
      const device = argv[i++];
      if (device === undefined) return [...steps, { kind: 'usage' }];
      steps.push({ kind: 'device', device });
      continue;
    }
    if (!isCommandName(word)) return [...steps, { kind: 'usage' }];
    const args: number[] = [];
    for (let n = 0; n < COMMANDS[word].args; n++) {
      const value = args.includes(MISSING) ? MISSING : numericValue(argv[i]);
      if (value !== MISSING) i++;
      args.push(value);
    }
    steps.push({ kind: 'command', name: word, args });
  }
  return steps;
}
