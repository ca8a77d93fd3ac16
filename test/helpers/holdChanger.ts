// Child process for the exclusive-open test: opens a changer by URL, says "held", and keeps it
// until told to close (a line "close" on stdin) or until it is killed.
import { createInterface } from 'node:readline';
import { Changer } from '../../src/driver/changer.ts';
import { RecordingMiniclass } from './recordingMiniclass.ts';
import { MINIMAL } from './parameters.ts';

const [url, owner] = process.argv.slice(2);
if (url === undefined || owner === undefined) {
  process.stderr.write('usage: holdChanger.ts <url> <owner>\n');
  process.exit(2);
}
try {
  const changer = await Changer.open(url, { owner, connect: async () => new RecordingMiniclass(MINIMAL) });
  process.stdout.write('held\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line === 'close') {
      await changer.close();
      process.stdout.write('closed\n');
      break;
    }
  }
  lines.close();
} catch (e) {
  process.stdout.write(`error ${(e as { code?: string }).code ?? String(e)}\n`);
  process.exitCode = 1;
}
