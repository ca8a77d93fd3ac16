import { ChangerError } from '../shared/changerError.ts';
import { withoutSecret } from '../shared/secrets.ts';
import { ExitCode, exitCodeFor } from './exitCodes.ts';
import { UsageError } from './usageError.ts';

/** Where a command writes: JSON for programs, text for people. Streams are injectable for tests. */
export interface Output {
  readonly json: boolean;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

export function writeJson(o: Output, value: unknown): void {
  o.out.write(JSON.stringify(value, null, 2) + '\n');
}

export function writeLine(o: Output, line = ''): void {
  o.out.write(line + '\n');
}

/**
 * Print a failure as one clear line (or a JSON object with --json) and return the exit code. The
 * message may quote a device URL from any layer below: its CHAP secret never reaches the screen.
 */
export function reportError(o: Output, program: string, e: unknown): ExitCode {
  const text = (error: Error): string => withoutSecret(error.message);
  if (e instanceof ChangerError) {
    const exit = exitCodeFor(e.code);
    if (o.json) {
      writeJsonError(o, { error: e.code, message: text(e), ntStatus: e.ntStatusHex, ntStatusName: e.ntStatusName, win32: e.win32, ...(e.sense ? { sense: { key: e.sense.key, asc: e.sense.asc, ascq: e.sense.ascq } } : {}), exitCode: exit });
    } else {
      o.err.write(`${program}: ${text(e)} [${e.code}]\n`);
    }
    return exit;
  }
  if (e instanceof UsageError) {
    if (o.json) writeJsonError(o, { error: 'USAGE', message: text(e), exitCode: ExitCode.USAGE });
    else o.err.write(`${program}: ${text(e)} (see '${program} --help')\n`);
    return ExitCode.USAGE;
  }
  const message = withoutSecret(e instanceof Error ? e.message : String(e));
  if (o.json) writeJsonError(o, { error: 'FAILURE', message, exitCode: ExitCode.FAILURE });
  else o.err.write(`${program}: ${message}\n`);
  return ExitCode.FAILURE;
}

function writeJsonError(o: Output, value: Record<string, unknown>): void {
  o.out.write(JSON.stringify(value) + '\n');
}
