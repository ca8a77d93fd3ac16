// Child process of the iSCSI bench: our target serving one in-memory virtual library with zero-time
// mechanics, in a process of its own as tgtd is, so the bench's client does not share a thread
// with it. Prints {"port", "iqn"} on one line when listening; SIGTERM closes it.
import { VirtualLibrary } from '../src/emulator/index.ts';
import { IscsiTarget } from '../src/iscsi/target/index.ts';

const profile = process.argv[2] ?? 'library-24';
const iqn = `iqn.2026-11.dev.changer.bench:${profile}`;
const library = await VirtualLibrary.open({ profile, instant: true });
const target = new IscsiTarget({ targets: [{ name: iqn, luns: { 0: library.device } }] });
const { port } = await target.listen(0, '127.0.0.1');
process.stdout.write(JSON.stringify({ port, iqn }) + '\n');
process.once('SIGTERM', () => {
  void target.close({ graceMs: 200 }).then(() => library.close());
});
