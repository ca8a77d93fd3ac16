/**
 * The SmcDevice's command-independent behaviour: unit attentions per initiator (SAM), sense for
 * unknown opcodes, bad CDB fields and missing LUNs, readiness during inventory, reservations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ScsiStatus,
  SenseKey,
  buildInitializeElementStatusCdb,
  buildInquiryCdb,
  buildMoveMediumCdb,
  buildPreventAllowMediumRemovalCdb,
  buildReadElementStatusCdb,
  buildRelease6Cdb,
  buildRequestSenseCdb,
  buildReserve6Cdb,
  buildTestUnitReadyCdb,
  parseSenseData,
} from '../../../src/scsi/index.ts';
import { HOST_A, HOST_B, assertGood, assertSense, drainAttentions, openTestLibrary, send } from './helpers.ts';

describe('SmcDevice unit attentions', () => {
  it('reports 29/00 to each initiator on its first command, then TEST UNIT READY is GOOD', async () => {
    const { lib } = await openTestLibrary('library-24');
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.UNIT_ATTENTION, 0x29, 0x00);
    assertGood(await send(lib, buildTestUnitReadyCdb()));
    assertSense(await send(lib, buildTestUnitReadyCdb(), { nexus: HOST_B }), SenseKey.UNIT_ATTENTION, 0x29, 0x00);
  });

  it('REQUEST SENSE drains 29/00 after a power cycle, then returns NO SENSE (exact fixed-format bytes)', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    await lib.frontPanel.powerCycle();
    const first = await send(lib, buildRequestSenseCdb({ allocationLength: 18 }));
    assertGood(first);
    assert.equal(Buffer.from(first.dataIn).toString('hex'), '700006000000000a00000000290000000000');
    const second = await send(lib, buildRequestSenseCdb({ allocationLength: 18 }));
    assert.equal(Buffer.from(second.dataIn).toString('hex'), '700000000000000a00000000000000000000');
  });

  it('stacks conditions per initiator and hands them out one per REQUEST SENSE, oldest first', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    lib.frontPanel.pullMagazine('right');
    await lib.frontPanel.insertMagazine('right');
    assert.deepEqual(await drainAttentions(lib), ['6/3b/12', '6/3b/13', '6/28/00']);
    // HOST_B never spoke before: it owes only the power-on.
    assert.deepEqual(await drainAttentions(lib, HOST_B), ['6/29/00']);
  });

  it('INQUIRY does not report or clear a pending unit attention', async () => {
    const { lib } = await openTestLibrary('library-24');
    const inquiry = await send(lib, buildInquiryCdb({ allocationLength: 96 }));
    assert.notEqual(inquiry.status, ScsiStatus.CHECK_CONDITION);
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.UNIT_ATTENTION, 0x29, 0x00);
  });

  it('REQUEST SENSE with DESC=1 returns descriptor-format sense', async () => {
    const { lib } = await openTestLibrary('library-24');
    const r = await send(lib, buildRequestSenseCdb({ descriptorFormat: true, allocationLength: 252 }));
    assertGood(r);
    assert.equal(Buffer.from(r.dataIn).toString('hex'), '7206290000000000');
  });
});

describe('SmcDevice command errors', () => {
  it('answers an unknown opcode with 05/20/00', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertSense(await send(lib, Uint8Array.from([0xc9, 0, 0, 0, 0, 0])), SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
  });

  it('answers a command the model lacks with 05/20/00 (EXCHANGE MEDIUM on a one-picker robot)', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const exchange = Uint8Array.from([0xa6, 0, 0, 0, 0x10, 0, 0x10, 1, 0x10, 0, 0, 0]);
    assertSense(await send(lib, exchange), SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
  });

  it('points at the bad CDB field: 05/24/00 with SKSV, C/D=1, field pointer and bit pointer', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const cdb = buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: 0x1000, destinationAddress: 0x1001 });
    cdb[8] = 0x01; // reserved byte
    const r = await send(lib, cdb);
    assertSense(r, SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
    const sense = Buffer.from(r.sense as Uint8Array);
    assert.equal(sense.subarray(15, 18).toString('hex'), 'c80008'); // SKSV|C/D|BPV bit 0, byte 8
  });

  it('answers a LUN it does not have with 05/25/00, and REQUEST SENSE there reports it as data', async () => {
    const { lib } = await openTestLibrary('library-24');
    const lun1 = { initiator: HOST_A.initiator, lun: 1 };
    assertSense(await send(lib, buildTestUnitReadyCdb(), { nexus: lun1 }), SenseKey.ILLEGAL_REQUEST, 0x25, 0x00);
    const r = await send(lib, buildRequestSenseCdb({ allocationLength: 18 }), { nexus: lun1 });
    assertGood(r);
    const s = parseSenseData(r.dataIn);
    assert.deepEqual([s.senseKey, s.asc, s.ascq], [5, 0x25, 0]);
  });

  it('never returns more than the initiator allowed and reports the residual', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const r = await lib.device.execute(HOST_A, {
      cdb: buildReadElementStatusCdb({ elementType: 0, startingElementAddress: 0, numberOfElements: 100, allocationLength: 0xffff }),
      dataInLength: 100,
    });
    assertGood(r);
    assert.equal(r.dataIn.length, 100);
    assert.equal(r.residual, 0);
  });
});

describe('SmcDevice answering at once', () => {
  it('gives a finished command\'s answer as is and a move\'s through a promise, the same answers execute gives', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const ready = lib.device.answer(HOST_A, { cdb: buildTestUnitReadyCdb(), dataInLength: 0 });
    assert.ok(!(ready instanceof Promise), 'TEST UNIT READY is answered without a promise');
    assert.deepEqual(ready, { status: ScsiStatus.GOOD, dataIn: new Uint8Array(0), residual: 0 });
    assert.deepEqual(ready, await lib.device.execute(HOST_A, { cdb: buildTestUnitReadyCdb(), dataInLength: 0 }));
    const slots = lib.addresses('slot');
    const occupied = new Set(lib.contents().map((c) => c.address));
    const [full, empty] = [slots.find((a) => occupied.has(a))!, slots.find((a) => !occupied.has(a))!];
    const move = lib.device.answer(HOST_A, { cdb: buildMoveMediumCdb({ transportElementAddress: lib.addresses('transport')[0]!, sourceAddress: full, destinationAddress: empty }) });
    assert.ok(move instanceof Promise, 'a move waits for the robot');
    assertGood(await move);
    assert.ok(lib.contents().some((c) => c.address === empty) && !lib.contents().some((c) => c.address === full), 'the cartridge moved');
  });

  it('turns a handler\'s bug into 04/44/00 on both paths, and keeps the error', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const broken = { cdb: buildTestUnitReadyCdb(), get dataOut(): Uint8Array { throw new Error('broken request'); } };
    const answer = lib.device.answer(HOST_A, broken);
    assert.ok(!(answer instanceof Promise));
    assertSense(answer, SenseKey.HARDWARE_ERROR, 0x44, 0x00);
    assertSense(await lib.device.execute(HOST_A, broken), SenseKey.HARDWARE_ERROR, 0x44, 0x00);
    assert.equal(lib.device.internalErrors.length, 2);
  });
});

describe('SmcDevice readiness', () => {
  it('answers 02/04/01 while INITIALIZE ELEMENT STATUS runs, GOOD afterwards', async () => {
    const { lib, clock } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    clock.setAutoAdvance(false);
    const inventory = send(lib, buildInitializeElementStatusCdb());
    await clock.advance(1000);
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.NOT_READY, 0x04, 0x01);
    assertSense(await send(lib, buildReadElementStatusCdb({ elementType: 2, startingElementAddress: 0, numberOfElements: 1, allocationLength: 64 })), SenseKey.NOT_READY, 0x04, 0x01);
    const rs = await send(lib, buildRequestSenseCdb({ allocationLength: 18 }));
    assert.deepEqual([...rs.dataIn.subarray(12, 14)], [0x04, 0x01]);
    // SKSV progress: 1 s of a 36.4 s inventory = 1800/65536.
    assert.equal(Buffer.from(rs.dataIn.subarray(15, 18)).toString('hex'), '800708');
    clock.setAutoAdvance(true);
    assertGood(await inventory);
    assertGood(await send(lib, buildTestUnitReadyCdb()));
  });

  it('inventory takes base + per-element time from the profile', async () => {
    const { lib, clock } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const t0 = clock.now();
    assertGood(await send(lib, buildInitializeElementStatusCdb()));
    // 24 slots + 1 mailslot + 2 drives, 1.2 s each with labels, after a 4 s start.
    assert.equal(clock.now() - t0, 4000 + 27 * 1200);
  });
});

describe('SmcDevice SPC-2 reservations', () => {
  it('gives RESERVATION CONFLICT to other initiators until RELEASE; INQUIRY and REQUEST SENSE still work', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    await drainAttentions(lib, HOST_B);
    assertGood(await send(lib, buildReserve6Cdb()));
    const conflict = await send(lib, buildTestUnitReadyCdb(), { nexus: HOST_B });
    assert.equal(conflict.status, ScsiStatus.RESERVATION_CONFLICT);
    assert.equal(conflict.sense, undefined);
    assertGood(await send(lib, buildInquiryCdb({ allocationLength: 36 }), { nexus: HOST_B }));
    assertGood(await send(lib, buildRequestSenseCdb({ allocationLength: 18 }), { nexus: HOST_B }));
    assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: false }), { nexus: HOST_B }));
    assert.equal((await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: true }), { nexus: HOST_B })).status, ScsiStatus.RESERVATION_CONFLICT);
    assertGood(await send(lib, buildTestUnitReadyCdb()));
    assertGood(await send(lib, buildRelease6Cdb()));
    assertGood(await send(lib, buildTestUnitReadyCdb(), { nexus: HOST_B }));
  });

  it('refuses element reservations with 05/24/00', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertSense(await send(lib, buildReserve6Cdb({ element: true })), SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
  });

  it('a nexus loss releases that initiator\'s reservation', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    await drainAttentions(lib, HOST_B);
    assertGood(await send(lib, buildReserve6Cdb()));
    lib.device.nexusLost(HOST_A);
    assertGood(await send(lib, buildTestUnitReadyCdb(), { nexus: HOST_B }));
    // Back again, the initiator learns its nexus was lost.
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.UNIT_ATTENTION, 0x29, 0x07);
  });
});

describe('SmcDevice task management', () => {
  it('LOGICAL UNIT RESET: 29/03 to every initiator, SPC-2 reservation and prevent state gone', async () => {
    const { lib } = await openTestLibrary('library-500');
    await drainAttentions(lib);
    await drainAttentions(lib, HOST_B);
    assertGood(await send(lib, buildReserve6Cdb()));
    assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: true })));
    await lib.device.taskManagement(HOST_A, 'lun-reset');
    assertSense(await send(lib, buildTestUnitReadyCdb(), { nexus: HOST_B }), SenseKey.UNIT_ATTENTION, 0x29, 0x03);
    assertGood(await send(lib, buildTestUnitReadyCdb(), { nexus: HOST_B }));
    assert.deepEqual(await drainAttentions(lib), ['6/29/03']);
    await lib.frontPanel.openDoor();
  });
});
