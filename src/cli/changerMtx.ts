// Entry point of `changer-mtx`, the drop-in for mtx 1.3.12 (docs/mtx.md).
import { endQuietlyWhenReaderLeaves } from './closedPipe.ts';
import { runMtx } from './mtx/mtxProgram.ts';

endQuietlyWhenReaderLeaves();
// No top-level await: the installed bin is a CommonJS bundle (scripts/bundleBins.ts).
// A failure that escapes is an unhandled rejection: printed with its stack, exit status 1.
void runMtx(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});
