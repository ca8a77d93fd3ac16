// Entry point of the `changer` command.
import { endQuietlyWhenReaderLeaves } from './closedPipe.ts';
import { runChanger } from './changerProgram.ts';

const argv = process.argv.slice(2);
// The service is no pipeline: a log reader that goes away must not stop it as if it had succeeded.
if (argv[0] !== 'serve') endQuietlyWhenReaderLeaves();
// No top-level await: the installed bin is a CommonJS bundle (scripts/bundleBins.ts).
// A failure that escapes is an unhandled rejection: printed with its stack, exit status 1.
void runChanger(argv, { out: process.stdout, err: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});
