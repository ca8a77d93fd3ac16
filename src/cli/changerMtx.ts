// Entry point of `changer-mtx`, the drop-in for mtx 1.3.12 (docs/mtx.md).
import { endQuietlyWhenReaderLeaves } from './closedPipe.ts';
import { runMtx } from './mtx/mtxProgram.ts';

endQuietlyWhenReaderLeaves();
process.exitCode = await runMtx(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env });
