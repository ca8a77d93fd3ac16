// Entry point of the `changer` command.
import { endQuietlyWhenReaderLeaves } from './closedPipe.ts';
import { runChanger } from './changerProgram.ts';

const argv = process.argv.slice(2);
// The service is no pipeline: a log reader that goes away must not stop it as if it had succeeded.
if (argv[0] !== 'serve') endQuietlyWhenReaderLeaves();
process.exitCode = await runChanger(argv, { out: process.stdout, err: process.stderr, env: process.env });
