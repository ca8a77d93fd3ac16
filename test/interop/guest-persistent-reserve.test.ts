import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { VirtualLibrary } from '../../src/emulator/index.ts';
import { IscsiTarget } from '../../src/iscsi/target/index.ts';
import { guestSkipReason, runGuest } from './guestHarness.ts';

// sg3_utils' sg_persist in the harness's QEMU guest against the virtual library's changer LU:
// REPORT CAPABILITIES (-c) and READ FULL STATUS (-s) answer, decoded by sg_persist itself.
// Skipped, with the reason, where the harness, QEMU or its cached guest is missing.

const IQN = 'iqn.2024-01.org.changer.interop:persist';

let skip: string | undefined;
let library: VirtualLibrary | undefined;
let target: IscsiTarget | undefined;
let url = '';

before(async () => {
  skip = await guestSkipReason();
  if (skip !== undefined) return;
  const { VirtualLibrary } = await import('../../src/emulator/index.ts');
  library = await VirtualLibrary.open({ profile: 'library-24', instant: true });
  target = new IscsiTarget({ targets: [{ name: IQN, luns: { 0: library.device } }] });
  url = `iscsi://127.0.0.1:${(await target.listen(0)).port}/${IQN}/0`;
});

after(async () => {
  await target?.close({ graceMs: 500 });
  await library?.close();
});

describe('sg_persist in a QEMU guest against our changer', () => {
  it('sg_persist -c and -s answer: capabilities, then the guest\'s own registration holding Write Exclusive', { timeout: 180_000 }, async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const commands = [
      'sg_turs /dev/sg0 || sg_turs /dev/sg0',
      'sg_persist -n -i -c /dev/sg0',
      'sg_persist -n -o -G -S 0xabc /dev/sg0',
      'sg_persist -n -o -R -K 0xabc -T 1 /dev/sg0',
      'sg_persist -n -i -s /dev/sg0',
    ];
    const { code, stdout, stderr } = await runGuest(url, [], commands, { timeoutSeconds: 150, killAfterMs: 170_000 });
    assert.equal(code, 0, `${stdout}\n${stderr.slice(-2000)}`);
    assert.match(stdout, /Report capabilities response:/);
    assert.match(stdout, /Persist Through Power Loss Capable\(PTPL_C\): 1/);
    assert.match(stdout, /Type Mask Valid\(TMV\): 1/);
    assert.match(stdout, /All Target Ports Capable\(ATP_C\): 0/);
    assert.match(stdout, /^ +Exclusive Access, all registrants: 1$/m);
    assert.match(stdout, /Key=0xabc/);
    assert.match(stdout, /<< Reservation holder >>/);
    assert.match(stdout, /type: Write Exclusive/);
    // QEMU's libiscsi logs in as this initiator; format 01b carries its ISID.
    assert.match(stdout, /iSCSI world wide unique port id: iqn\.2008-11\.org\.linux-kvm,i,0x[0-9a-f]{12}$/m);
    assert.match(stdout, /Relative port address: 0x1$/m);
  });
});
