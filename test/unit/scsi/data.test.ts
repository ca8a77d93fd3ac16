import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildReportLunsData,
  parseReportLunsData,
  buildReadKeysData,
  parseReadKeysData,
  buildReadReservationData,
  parseReadReservationData,
  buildPersistentReserveOutParameters,
  parsePersistentReserveOutParameters,
  PersistentReservationType,
  buildLogPage,
  parseLogPage,
  buildSupportedLogPages,
  parseSupportedLogPages,
  buildTapeAlertLogPage,
  parseTapeAlertLogPage,
  tapeAlertFlags,
  buildAllCommandsData,
  parseAllCommandsData,
  buildOneCommandData,
  parseOneCommandData,
  CommandSupport,
  ScsiFormatError,
  buildElementReservationList,
  parseElementReservationList,
  senseForFormatError,
  buildFixedSense,
  type SupportedCommand,
  type OneCommandSupport,
  type LogPage,
  type ReadReservationData,
} from '../../../src/scsi/index.ts';
import { bytes, expectParsesOrFormatError, record, u16, u32, u64, u8 } from './arbitraries.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

test('REPORT LUNS data: tgt target with LUNs 0–3, and a flat-space LUN', () => {
  const bytesIn = hex('00 00 00 20 00 00 00 00' + ' 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 03 00 00 00 00 00 00');
  assert.deepEqual(buildReportLunsData({ luns: [0, 1, 2, 3] }), bytesIn);
  assert.deepEqual(parseReportLunsData(bytesIn), { luns: [0, 1, 2, 3], lunListLength: 32, truncated: false });
  assert.deepEqual(buildReportLunsData({ luns: [300] }).subarray(8), hex('41 2c 00 00 00 00 00 00'));
  assert.deepEqual(parseReportLunsData(bytesIn.subarray(0, 16)), { luns: [0], lunListLength: 32, truncated: true });
  assert.throws(() => parseReportLunsData(hex('00 00 00 08 00 00 00 00 81 00 00 00 00 00 00 00')), ScsiFormatError);
  assert.throws(() => parseReportLunsData(hex('00 00 00 08 00 00 00 00 00 01 00 02 00 00 00 00')), ScsiFormatError);
  assert.throws(() => parseReportLunsData(hex('00 00 00 07 00 00 00 00')), ScsiFormatError);
});

test('PR IN READ KEYS and READ RESERVATION', () => {
  const keys = buildReadKeysData({ generation: 3, keys: [0x1122334455667788n, 0xabn] });
  assert.deepEqual(keys, hex('00 00 00 03 00 00 00 10 11 22 33 44 55 66 77 88 00 00 00 00 00 00 00 ab'));
  assert.deepEqual(parseReadKeysData(keys), { generation: 3, keys: [0x1122334455667788n, 0xabn], truncated: false });
  assert.deepEqual(parseReadKeysData(keys.subarray(0, 20)), { generation: 3, keys: [0x1122334455667788n], truncated: true });

  const reservation: ReadReservationData = { generation: 7, reservation: { key: 0xcafen, scope: 0, type: PersistentReservationType.EXCLUSIVE_ACCESS } };
  const built = buildReadReservationData(reservation);
  assert.deepEqual(built, hex('00 00 00 07 00 00 00 10 00 00 00 00 00 00 ca fe 00 00 00 00 00 03 00 00'));
  assert.deepEqual(parseReadReservationData(built), reservation);
  assert.deepEqual(buildReadReservationData({ generation: 1 }), hex('00 00 00 01 00 00 00 00'));
  assert.deepEqual(parseReadReservationData(hex('00 00 00 01 00 00 00 00')), { generation: 1 });
  assert.throws(() => parseReadReservationData(hex('00 00 00 01 00 00 00 08')), ScsiFormatError);
});

test('PR OUT parameter list: 24 bytes, APTPL/ALL_TG_PT/SPEC_I_PT in byte 20, reserved bits are field errors', () => {
  const built = buildPersistentReserveOutParameters({
    reservationKey: 0x1n,
    serviceActionReservationKey: 0x2n,
    specifyInitiatorPorts: false,
    allTargetPorts: true,
    activatePersistThroughPowerLoss: true,
  });
  assert.deepEqual(built, hex('00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02 00 00 00 00 05 00 00 00'));
  assert.deepEqual(parsePersistentReserveOutParameters(built), {
    reservationKey: 1n,
    serviceActionReservationKey: 2n,
    specifyInitiatorPorts: false,
    allTargetPorts: true,
    activatePersistThroughPowerLoss: true,
    additionalParameterData: Buffer.alloc(0),
  });
  const bad = Buffer.from(built);
  bad[20] = 0x07;
  assert.throws(() => parsePersistentReserveOutParameters(bad), (e: unknown) => e instanceof ScsiFormatError && e.location === 'parameter-list' && e.field?.byte === 20 && e.field.bit === 1);
  assert.throws(() => parsePersistentReserveOutParameters(built.subarray(0, 23)), (e: unknown) => e instanceof ScsiFormatError && e.location === 'parameter-list');
});

test('a PR OUT list shorter than 24 bytes becomes PARAMETER LIST LENGTH ERROR 1A/00, not a field pointer', () => {
  try {
    parsePersistentReserveOutParameters(Buffer.alloc(16));
    assert.fail('expected a ScsiFormatError');
  } catch (error) {
    assert.ok(error instanceof ScsiFormatError && error.truncated);
    assert.deepEqual(buildFixedSense(senseForFormatError(error)), hex('70 00 05 00 00 00 00 0a 00 00 00 00 1a 00 00 00 00 00'));
  }
});

test('RESERVE(6) element list: 6-byte descriptors, reserved bytes checked, whole descriptors only', () => {
  const built = buildElementReservationList([{ numberOfElements: 0, elementAddress: 1000 }, { numberOfElements: 4, elementAddress: 500 }]);
  assert.deepEqual(built, hex('00 00 00 00 03 e8  00 00 00 04 01 f4'));
  assert.deepEqual(parseElementReservationList(built), [{ numberOfElements: 0, elementAddress: 1000 }, { numberOfElements: 4, elementAddress: 500 }]);
  assert.throws(() => parseElementReservationList(hex('00 01 00 00 03 e8')), (e: unknown) => e instanceof ScsiFormatError && e.field?.byte === 1 && e.field.bit === 0);
  assert.throws(() => parseElementReservationList(built.subarray(0, 8)), (e: unknown) => e instanceof ScsiFormatError && e.truncated);
  fc.assert(
    fc.property(fc.array(record({ numberOfElements: u16, elementAddress: u16 }), { maxLength: 10 }), (list) =>
      assert.deepEqual(parseElementReservationList(buildElementReservationList(list)), list),
    ),
  );
  expectParsesOrFormatError(parseElementReservationList, 30);
});

test('LOG SENSE TapeAlert page 2Eh: 64 one-byte flags, bit 0 set when active', () => {
  const built = buildTapeAlertLogPage(tapeAlertFlags([3, 64]));
  assert.equal(built.length, 4 + 64 * 5);
  assert.deepEqual(built.subarray(0, 19), hex('2e 00 01 40  00 01 00 01 00  00 02 00 01 00  00 03 00 01 01'));
  assert.deepEqual(built.subarray(-5), hex('00 40 00 01 01'));
  const flags = parseTapeAlertLogPage(built);
  assert.deepEqual(flags.filter((f) => f.active).map((f) => f.code), [3, 64]);
  assert.deepEqual(parseTapeAlertLogPage(built.subarray(0, 4 + 5 * 2 + 3)).length, 2, 'parameters cut by the allocation length are left out');
  assert.throws(() => parseTapeAlertLogPage(hex('0d 00 00 00')), ScsiFormatError);
  assert.throws(() => parseTapeAlertLogPage(hex('2e 00 00 06 00 01 00 02 00 01')), ScsiFormatError);
});

test('LOG SENSE supported pages (00h, 0Dh, 2Eh) and a malformed page', () => {
  const built = buildSupportedLogPages([0x00, 0x0d, 0x2e]);
  assert.deepEqual(built, hex('00 00 00 03 00 0d 2e'));
  assert.deepEqual(parseSupportedLogPages(built), [0x00, 0x0d, 0x2e]);
  assert.throws(() => parseLogPage(hex('0d 00 00 05 00 00 00 04 01')), ScsiFormatError, 'parameter runs past a complete page');
});

test('REPORT SUPPORTED OPERATION CODES: all-commands and one-command formats', () => {
  const commands: SupportedCommand[] = [
    { opcode: 0xa5, cdbLength: 12 },
    { opcode: 0xa3, serviceAction: 0x0c, cdbLength: 12, timeouts: { commandSpecific: 0, nominal: 1, recommended: 30 } },
  ];
  const built = buildAllCommandsData(commands);
  assert.deepEqual(built, hex('00 00 00 1c  a5 00 00 00 00 00 00 0c  a3 00 00 0c 00 03 00 0c  00 0a 00 00 00 00 00 01 00 00 00 1e'));
  assert.deepEqual(parseAllCommandsData(built), { commands, truncated: false });
  assert.deepEqual(parseAllCommandsData(built.subarray(0, 20)), { commands: [commands[0]], truncated: true });

  const one: OneCommandSupport = { support: CommandSupport.SUPPORTED, cdbUsage: hex('a5 00 ff ff ff ff ff ff 00 00 01 c7') };
  assert.deepEqual(buildOneCommandData(one), hex('00 03 00 0c a5 00 ff ff ff ff ff ff 00 00 01 c7'));
  assert.deepEqual(parseOneCommandData(buildOneCommandData(one)), one);
});

// ---- properties ----

test('property: REPORT LUNS, READ KEYS, READ RESERVATION, PR OUT round-trip', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 0x3fff }), { maxLength: 20 }), (luns) =>
      assert.deepEqual(parseReportLunsData(buildReportLunsData({ luns })), { luns, lunListLength: 8 * luns.length, truncated: false }),
    ),
  );
  fc.assert(
    fc.property(u32, fc.array(u64, { maxLength: 10 }), (generation, keys) =>
      assert.deepEqual(parseReadKeysData(buildReadKeysData({ generation, keys })), { generation, keys, truncated: false }),
    ),
  );
  const reservation = record({ key: u64, scope: fc.integer({ min: 0, max: 15 }), type: fc.integer({ min: 0, max: 15 }) });
  fc.assert(
    fc.property(u32, fc.option(reservation, { nil: undefined }), (generation, r) => {
      const value: ReadReservationData = r === undefined ? { generation } : { generation, reservation: r };
      assert.deepEqual(parseReadReservationData(buildReadReservationData(value)), value);
    }),
  );
  fc.assert(
    fc.property(
      record({
        reservationKey: u64,
        serviceActionReservationKey: u64,
        specifyInitiatorPorts: fc.boolean(),
        allTargetPorts: fc.boolean(),
        activatePersistThroughPowerLoss: fc.boolean(),
        additionalParameterData: bytes(30),
      }),
      (p) => assert.deepEqual(parsePersistentReserveOutParameters(buildPersistentReserveOutParameters(p)), p),
    ),
  );
});

test('property: log pages, TapeAlert flags and supported operation codes round-trip', () => {
  const page: fc.Arbitrary<LogPage> = record({
    pageCode: fc.integer({ min: 0, max: 0x3f }),
    subpageFormat: fc.boolean(),
    subpageCode: u8,
    disableSave: fc.boolean(),
    parameters: fc.array(record({ code: u16, control: u8, value: bytes(12) }), { maxLength: 10 }),
  });
  fc.assert(fc.property(page, (p) => assert.deepEqual(parseLogPage(buildLogPage(p)), { ...p, truncated: false })));
  fc.assert(
    fc.property(fc.array(record({ code: u16, active: fc.boolean(), control: u8 }), { maxLength: 64 }), (flags) =>
      assert.deepEqual(parseTapeAlertLogPage(buildTapeAlertLogPage(flags)), flags),
    ),
  );
  const timeouts = record({ commandSpecific: u8, nominal: u32, recommended: u32 });
  const command: fc.Arbitrary<SupportedCommand> = fc
    .record({ opcode: u8, serviceAction: fc.option(u16, { nil: undefined }), cdbLength: u16, timeouts: fc.option(timeouts, { nil: undefined }) })
    .map(({ opcode, serviceAction, cdbLength, timeouts: t }) => ({
      opcode,
      cdbLength,
      ...(serviceAction === undefined ? {} : { serviceAction }),
      ...(t === undefined ? {} : { timeouts: t }),
    }));
  fc.assert(fc.property(fc.array(command, { maxLength: 12 }), (commands) => assert.deepEqual(parseAllCommandsData(buildAllCommandsData(commands)), { commands, truncated: false })));
  const one: fc.Arbitrary<OneCommandSupport> = fc
    .record({ support: fc.integer({ min: 0, max: 7 }), cdbUsage: bytes(16), timeouts: fc.option(timeouts, { nil: undefined }) })
    .map(({ support, cdbUsage, timeouts: t }) => (t === undefined ? { support, cdbUsage } : { support, cdbUsage, timeouts: t }));
  fc.assert(fc.property(one, (c) => assert.deepEqual(parseOneCommandData(buildOneCommandData(c)), c)));
});

test('property: random bytes into the data parsers parse or throw ScsiFormatError', () => {
  expectParsesOrFormatError(parseReportLunsData, 60, [[0, 0, 0, 0x10, 0, 0, 0, 0]]);
  expectParsesOrFormatError(parseReadKeysData, 60, [[0, 0, 0, 1, 0, 0, 0, 0x10]]);
  expectParsesOrFormatError(parseReadReservationData, 30, [[0, 0, 0, 1, 0, 0, 0, 0x10]]);
  expectParsesOrFormatError(parsePersistentReserveOutParameters, 40);
  expectParsesOrFormatError(parseLogPage, 60, [[0x2e, 0, 0, 0x0a]]);
  expectParsesOrFormatError(parseTapeAlertLogPage, 60, [[0x2e, 0, 0, 0x0a, 0, 1, 0, 1]]);
  expectParsesOrFormatError(parseSupportedLogPages, 20);
  expectParsesOrFormatError(parseAllCommandsData, 80, [[0, 0, 0, 0x14]]);
  expectParsesOrFormatError(parseOneCommandData, 40, [[0, 3, 0, 6]]);
});
