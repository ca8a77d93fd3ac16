// `npm start`: until the Removable Storage Manager lands, show the embedded virtual library (the
// 24-slot profile under ./data, created on first run) through the class driver, and say what to
// try next. It must work on a fresh clone.
import { runChanger } from './changerProgram.ts';

const streams = { out: process.stdout, err: process.stderr, env: process.env };
const device = process.env.CHANGER_DEVICE ?? 'virtual:./data/library?profile=library-24';
process.stdout.write(`Embedded virtual library: ${device}\n\n`);
let code = await runChanger(['info', '--device', device], streams);
if (code === 0) {
  process.stdout.write('\n');
  code = await runChanger(['status', '--device', device], streams);
}
if (code === 0) {
  process.stdout.write(
    '\nTry: npx changer move slot:1 drive:0 · npx changer status · npx changer-mtx status · npx changer --help\n' +
      '(the library keeps its state in ./data/library; delete that folder to start over)\n',
  );
}
process.exitCode = code;
