import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { runMtxWith } from '../../../../src/cli/mtx/mtxProgram.ts';
import { USAGE_TEXT } from '../../../../src/cli/mtx/usageText.ts';
import { ChangerError } from '../../../../src/shared/changerError.ts';
import { ElementType as T } from '../../../../src/driver/elementType.ts';
import { AccessControl } from '../../../../src/driver/requests.ts';
import { amandaInquiry, amandaSenseKey } from './backupContracts.ts';
import { runMtxOn } from './mtxRun.ts';
import { initialContents, sample, senseError, TgtMiniclass } from './tgtLibrary.ts';

const F = ['-f', '/dev/sg0'];

function reads(mini: TgtMiniclass): number {
  return mini.requests.filter((r) => r.startsWith('getElementStatus')).length;
}

test('no arguments: the usage on stderr, exit 1, no device opened, as mtx', async () => {
  const mini = new TgtMiniclass();
  const r = await runMtxOn(mini, []);
  assert.deepEqual([r.code, r.out, r.err], [1, '', USAGE_TEXT]);
  assert.deepEqual(mini.requests, []);
});

test('usage: an unknown command prints the usage on stderr and exits 1, after running what came before', async () => {
  const mini = new TgtMiniclass();
  const r = await runMtxOn(mini, [...F, 'load', '1', 'bogus']);
  assert.equal(r.code, 1);
  assert.equal(r.out, 'Loading media from Storage Element 1 into drive 0...done\n');
  assert.equal(r.err, USAGE_TEXT);
  assert.match(USAGE_TEXT, /^Usage:\n\tmtx --version\n/);
});

test('--version prints the version line and the usage, exit 1, without opening a device', async () => {
  const mini = new TgtMiniclass();
  const r = await runMtxOn(mini, ['--version']);
  assert.equal(r.code, 1);
  assert.equal(r.err, 'mtx version 1.3.12 (changer-mtx 0.1.0)\n\n' + USAGE_TEXT);
  assert.deepEqual(mini.requests, []);
});

test('inquiry prints tgt-mtx-1-inquiry.txt byte for byte; Amanda reads its keys', async () => {
  const r = await runMtxOn(new TgtMiniclass(), [...F, 'inquiry']);
  assert.equal(r.out, sample('tgt-mtx-1-inquiry.txt'));
  assert.deepEqual(amandaInquiry(r.out), { 'Product Type': 'Medium Changer', 'Vendor ID': 'IET     ', 'Product ID': 'VIRTUAL-CHANGER ', Revision: '0001', 'Attached Changer API': 'No' });
});

test('chained commands share one status read, kept current by the moves', async () => {
  const mini = new TgtMiniclass();
  const r = await runMtxOn(mini, [...F, 'load', '3', '0', 'status', 'unload', 'transfer', '1', '5', 'status']);
  assert.equal(r.code, 0);
  assert.equal(reads(mini), 1);
  const [loaded, after] = r.out.split('Unloading drive 0 into Storage Element 3...done\n') as [string, string];
  assert.equal(loaded, sample('tgt-mtx-3-load-3-0.txt') + sample('tgt-mtx-4-status.txt'));
  assert.equal(after, sample('tgt-mtx-7-status.txt'));
});

test('the second load of a drive on the same line is refused from the remembered status', async () => {
  const mini = new TgtMiniclass();
  const r = await runMtxOn(mini, [...F, 'load', '2', '1', 'load', '4', '1']);
  assert.equal(r.code, 1);
  assert.equal(r.both, 'Loading media from Storage Element 2 into drive 1...done\nDrive 1 Full (Storage Element 2 loaded)\n');
  assert.deepEqual(mini.requests.filter((q) => q.startsWith('moveMedium')), ['moveMedium 1001->501']);
});

test('a failure stops the line: later commands do not run', async () => {
  const mini = new TgtMiniclass();
  const r = await runMtxOn(mini, [...F, 'load', '7', 'status']);
  assert.equal(r.code, 1);
  assert.equal(r.both, 'Loading media from Storage Element 7 into drive 0...Source Element Address 1006 is Empty\n');
});

test('argument errors in mtx\'s words', async () => {
  const cases: [string[], string][] = [
    [['load'], 'No source specified\n'],
    [['load', '0'], 'No source specified\n'],
    [['load', '22'], "Invalid <storage-element-number> argument '22' to 'load' command\n"],
    [['load', '1', '2'], "illegal <drive-number> argument '2' to 'load' command\n"],
    [['unload'], 'Data Transfer Element 0 is Empty\n'],
    [['unload', '1', '1'], 'Data Transfer Element 1 is Empty\n'],
    [['unload', '22'], "illegal <storage-element-number> argument '22' to 'unload' command\n"],
    [['unload', '0'], "illegal <storage-element-number> argument '0' to 'unload' command\n"],
    [['unload', '5', '7'], "illegal <drive-number> argument '7' to 'unload' command\n"],
    [['transfer'], 'No source specified\n'],
    [['transfer', '1'], 'No destination specified\n'],
    [['transfer', '22', '1'], 'Invalid source\n'],
    [['transfer', '1', '22'], 'Invalid destination\n'],
    [['exchange', '1', '2', '30'], 'Invalid destination\n'],
    [['eepos', '4'], 'eepos equires argument between 0 and 3.\n'],
    [['eepos'], 'eepos equires argument between 0 and 3.\n'],
    [['next', '1', 'next', '1', 'next', '1', 'next', '1', 'next', '1', 'next', '1', 'next', '1'], 'No More Media\n'],
  ];
  for (const [args, message] of cases) {
    const r = await runMtxOn(new TgtMiniclass(), [...F, ...args]);
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(r.err, message, args.join(' '));
  }
});

test('unload with a full destination and to the slot the cartridge came from', async () => {
  const mini = new TgtMiniclass();
  const r = await runMtxOn(mini, [...F, 'load', '3', 'unload', '1']);
  assert.equal(r.both, 'Loading media from Storage Element 3 into drive 0...done\nStorage Element 1 is Already Full\n');
  const back = await runMtxOn(mini, [...F, 'unload']);
  assert.deepEqual([back.code, back.out], [0, 'Unloading drive 0 into Storage Element 3...done\n']);
});

test('a full drive whose origin mtx cannot tell unloads to the first empty slot', async () => {
  const c = initialContents();
  c.drives[1] = { tag: 'LOST01L6', from: { type: T.Slot, index: 0 } }; // slot 1 is full: pass 2 → slot 5
  const r = await runMtxOn(new TgtMiniclass(c), [...F, 'next', '1']);
  assert.deepEqual([r.code, r.out], [0, 'Unloading drive 1 into Storage Element 5...done\nLoading media from Storage Element 6 into drive 1...done\n']);
});

test('next, previous, first, last step through the storage slots (never the mailslot)', async () => {
  const mini = new TgtMiniclass();
  const r = await runMtxOn(mini, [...F, 'next', 'next', 'last', 'first', 'first', 'previous']);
  assert.equal(r.both, [
    'Loading media from Storage Element 1 into drive 0...done',
    'Unloading drive 0 into Storage Element 1...done',
    'Loading media from Storage Element 2 into drive 0...done',
    'Unloading drive 0 into Storage Element 2...done',
    'Loading media from Storage Element 20 into drive 0...Source Element Address 1019 is Empty',
    '',
  ].join('\n'));
  const empty = new TgtMiniclass();
  const p = await runMtxOn(empty, [...F, 'previous', '1', 'previous', '1', 'first', '1', 'first', '1', 'previous', '1']);
  assert.equal(p.code, 1);
  assert.equal(p.both, [
    'Loading media from Storage Element 10 into drive 1...done',
    'Unloading drive 1 into Storage Element 10...done',
    'Loading media from Storage Element 6 into drive 1...done',
    'Unloading drive 1 into Storage Element 6...done',
    'Loading media from Storage Element 1 into drive 1...done',
    'loading...done.',
    'No More Media',
    '',
  ].join('\n'));
});

test('last with the last storage slot full; a drive number that does not exist means drive 0', async () => {
  const c = initialContents();
  c.slots[19] = 'TST020L6';
  const r = await runMtxOn(new TgtMiniclass(c), [...F, 'last', '9', 'last']);
  assert.equal(r.both, 'Loading media from Storage Element 20 into drive 0...done\nloading...done.\n');
});

test('invert flips the cartridge on every move; exchange takes invert for the second and invert2 for the first', async () => {
  const mini = new TgtMiniclass();
  const p = await runMtxOn(mini, [...F, 'exchange', '1', '2', 'invert', 'load', '1']);
  assert.equal(p.code, 1);
  assert.deepEqual(mini.requests.filter((q) => /Medium/.test(q)), ['exchangeMedium 1000->1001->1000']);
  // The tgt layout cannot flip media: the class driver refuses before the device sees it.
  assert.equal(p.both, 'Loading media from Storage Element 1 into drive 0...changer-mtx: this changer cannot flip media\nMOVE MEDIUM from Element Address 1 to 0 Failed\n');
  assert.equal(mini.contents.slots[0], 'TST002L6');
  assert.equal(mini.contents.slots[1], 'TST001L6');
});

test('a move the device fails with other sense prints the Request Sense block and the MOVE MEDIUM line', async () => {
  const mini = new TgtMiniclass();
  mini.failNext = { routine: 'moveMedium', error: senseError('IO_DEVICE_ERROR', 4, 0x04, 0x03) };
  const r = await runMtxOn(mini, [...F, 'load', '2', '1']);
  assert.equal(r.code, 1);
  assert.equal(r.both, [
    'Loading media from Storage Element 2 into drive 1...mtx: Request Sense: Long Report=yes',
    'mtx: Request Sense: Valid Residual=no',
    'mtx: Request Sense: Error Code=70 (Current)',
    'mtx: Request Sense: Sense Key=Hardware Error',
    'mtx: Request Sense: FileMark=no',
    'mtx: Request Sense: EOM=no',
    'mtx: Request Sense: ILI=no',
    'mtx: Request Sense: Additional Sense Code = 04',
    'mtx: Request Sense: Additional Sense Qualifier = 03',
    'mtx: Request Sense: BPV=no',
    'mtx: Request Sense: Error in CDB=no',
    'mtx: Request Sense: SKSV=no',
    'MOVE MEDIUM from Element Address 2 to 1 Failed',
    '',
  ].join('\n'));
  assert.ok(r.err.includes('Error Code='), 'Bacula\'s mtx-changer retries a load when it sees "Error Code="');
});

test('the special sense conditions of a move: cleaning cartridge, drive not unloaded', async () => {
  for (const [error, message] of [
    [senseError('CLEANER_CARTRIDGE_INSTALLED', 2, 0x30, 0x03), 'Cleaning Cartridge Installed and Ejected\n'],
    [senseError('NO_MEDIA_IN_DEVICE', 2, 0x3a, 0x00), 'Drive needs offline before move\n'],
    [new ChangerError('DESTINATION_ELEMENT_FULL', 'full'), 'Destination Element Address 3 is Already Full\n'],
  ] as const) {
    const mini = new TgtMiniclass();
    mini.failNext = { routine: 'moveMedium', error };
    const r = await runMtxOn(mini, [...F, 'transfer', '1', '3']);
    assert.deepEqual([r.code, r.err], [1, message]);
  }
});

test('status read failure: Request Sense block then READ ELEMENT STATUS Command Failed; Amanda sees Not Ready and retries', async () => {
  const mini = new TgtMiniclass();
  mini.failNext = { routine: 'getElementStatus', error: senseError('DEVICE_NOT_READY', 2, 0x04, 0x01), times: 2 };
  const r = await runMtxOn(mini, [...F, 'status']);
  assert.equal(r.code, 1);
  assert.deepEqual(mini.requests, ['getElementStatus tags', 'getElementStatus no-tags'], 'like mtx, asked again without tags first');
  assert.match(r.err, /mtx: Request Sense: Additional Sense Qualifier = 01\n[\s\S]*READ ELEMENT STATUS Command Failed\n$/);
  assert.equal(amandaSenseKey(r.err), 'Not Ready');
});

test('a tagged read the device refuses is retried without tags, as mtx does', async () => {
  const mini = new TgtMiniclass();
  mini.failNext = { routine: 'getElementStatus', error: senseError('INVALID_PARAMETER', 5, 0x24, 0x00) };
  const r = await runMtxOn(mini, [...F, 'status']);
  assert.equal(r.code, 0);
  assert.deepEqual(mini.requests, ['getElementStatus tags', 'getElementStatus no-tags']);
  assert.match(r.out, /^ {6}Storage Element 1:Full $/m);
});

test('nobarcode asks for no tags and prints none', async () => {
  const mini = new TgtMiniclass();
  const r = await runMtxOn(mini, [...F, 'nobarcode', 'status']);
  assert.deepEqual(mini.requests, ['getElementStatus no-tags']);
  assert.match(r.out, /^ {6}Storage Element 21 IMPORT\/EXPORT:Full \n$/m);
});

test('position, inventory and eject reach the class driver; their failures print mtx\'s lines', async () => {
  const mini = new TgtMiniclass();
  const ok = await runMtxOn(mini, [...F, 'position', '5', 'position', '99', 'inventory', 'eject']);
  assert.equal(ok.code, 0);
  assert.deepEqual(mini.requests.slice(1), ['setPosition 1004', 'setPosition 1000', 'initializeElementStatus', `setAccess ${T.IEPort}:0 ${AccessControl.ExtendIEPort}`]);

  mini.failNext = { routine: 'initializeElementStatus', error: senseError('DEVICE_NOT_READY', 2, 0x04, 0x01) };
  assert.deepEqual(await runMtxOn(mini, [...F, 'inventory']).then((r) => [r.code, r.err]), [1, 'mtx:inventory failed\n']);
  mini.failNext = { routine: 'setAccess', error: senseError('INVALID_DEVICE_REQUEST', 5, 0x20, 0x00) };
  assert.deepEqual(await runMtxOn(mini, [...F, 'eject']).then((r) => [r.code, r.err]), [0, 'mtx:eject failed\n']);
  mini.failNext = { routine: 'setPosition', error: new ChangerError('INVALID_DEVICE_REQUEST', 'no positioning') };
  assert.deepEqual(await runMtxOn(mini, [...F, 'position', '2']).then((r) => [r.code, r.err]), [1, 'changer-mtx: no positioning\nCould not position transport\n']);
});

test('a device that cannot be opened fails the way mtx fails to open /dev/sgN', async () => {
  let err = '';
  const sink = new Writable({ write: (c: Buffer, _e, done) => void ((err += c.toString()), done()) });
  const code = await runMtxWith(['-f', 'virtual:/nowhere', 'status'], { out: sink, err: sink, env: {} }, async () => {
    throw new ChangerError('NO_SUCH_DEVICE', 'no library there');
  });
  assert.deepEqual([code, err], [1, "cannot open SCSI device 'virtual:/nowhere' - no library there\n"]);
});

test('without -f the device is $CHANGER, then $TAPE, named as given in the header; plain paths mean sg:', async () => {
  const opened: string[] = [];
  const mini = new TgtMiniclass();
  const sink = new Writable({ write: (_c, _e, done) => done() });
  let text = '';
  const out = new Writable({ write: (c: Buffer, _e, done) => void ((text += c.toString()), done()) });
  const { openerFor } = await import('./tgtLibrary.ts');
  const open = openerFor(mini);
  const code = await runMtxWith(['status'], { out, err: sink, env: { CHANGER: '/dev/sg7', TAPE: '/dev/nst0' } }, (url) => (opened.push(url), open(url)));
  assert.equal(code, 0);
  assert.deepEqual(opened, ['sg:/dev/sg7']);
  assert.match(text, /^ {2}Storage Changer \/dev\/sg7:2 Drives, 21 Slots \( 1 Import\/Export \)\n/);
  await runMtxWith(['inquiry'], { out: sink, err: sink, env: { TAPE: 'iscsi://h/iqn.x/0' } }, (url) => (opened.push(url), open(url)));
  assert.equal(opened[1], 'iscsi://h/iqn.x/0');
});
