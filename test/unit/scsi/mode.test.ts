import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildModeParameterList,
  parseModeParameterList,
  controlPage,
  ScsiFormatError,
  type ModeParameterList,
  type ModePage,
  type ElementAddressAssignmentPage,
  type DeviceCapabilitiesPage,
  type ElementTypeFlags,
  type ModeListFormat,
} from '../../../src/scsi/index.ts';
import { bytes, expectParsesOrFormatError, record, u16, u8 } from './arbitraries.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const SENSE6: ModeListFormat = { cdbLength: 6, purpose: 'sense' };
const SENSE10: ModeListFormat = { cdbLength: 10, purpose: 'sense' };
const SELECT6: ModeListFormat = { cdbLength: 6, purpose: 'select' };
const SELECT10: ModeListFormat = { cdbLength: 10, purpose: 'select' };

const list = (pages: ModePage[], extra: Partial<ModeParameterList> = {}): ModeParameterList => ({
  mediumType: 0,
  deviceSpecificParameter: 0,
  longLba: false,
  blockDescriptors: [],
  pages,
  ...extra,
});

// smc.md §1.2: mhVTL STK L80 answer to MODE SENSE(6) DBD page 1Dh (PBS requires byte 0 = 23).
const L80_1D = hex('17 00 10 00 1d 12 00 01 00 01 03 e8 00 28 00 0a 00 04 01 f4 00 04 00 00');
const L80_PAGE: ElementAddressAssignmentPage = {
  kind: 'element-address-assignment',
  parametersSaveable: false,
  transport: { firstAddress: 1, count: 1 },
  storage: { firstAddress: 1000, count: 40 },
  importExport: { firstAddress: 10, count: 4 },
  dataTransfer: { firstAddress: 500, count: 4 },
};

test('smc.md §1.2/§3.1: the published L80 page 1Dh dump parses and rebuilds byte for byte', () => {
  const parsed = parseModeParameterList(L80_1D, SENSE6);
  assert.equal(parsed.modeDataLength, 23);
  assert.deepEqual(parsed.pages, [L80_PAGE]);
  assert.equal(parsed.deviceSpecificParameter, 0x10);
  assert.equal(parsed.truncated, false);
  assert.deepEqual(buildModeParameterList(list([L80_PAGE], { deviceSpecificParameter: 0x10 }), SENSE6), L80_1D);
});

// tgt via sg_modes (interop sample): MODE SENSE(10) with one zero block descriptor, page 1Dh
// `1d 12 00 01 00 01 03 e8 00 14 03 84 00 01 01 f4 00 02 00 00`; sg_modes shows total length 36.
const TGT_1D_10 = hex('00 22 00 00 00 00 00 08  00 00 00 00 00 00 00 00  1d 12 00 01 00 01 03 e8 00 14 03 84 00 01 01 f4 00 02 00 00');

test('interop sample: tgt page 1Dh behind a MODE SENSE(10) header and a block descriptor', () => {
  const parsed = parseModeParameterList(TGT_1D_10, SENSE10);
  assert.deepEqual(parsed.blockDescriptors, [{ densityCode: 0, numberOfBlocks: 0n, blockLength: 0 }]);
  assert.deepEqual(parsed.pages, [
    {
      kind: 'element-address-assignment',
      parametersSaveable: false,
      transport: { firstAddress: 1, count: 1 },
      storage: { firstAddress: 1000, count: 20 },
      importExport: { firstAddress: 900, count: 1 },
      dataTransfer: { firstAddress: 500, count: 2 },
    },
  ]);
  assert.deepEqual(buildModeParameterList(parsed, SENSE10), TGT_1D_10);
});

test('Linux ch offsets: buffer[buffer[3] + 6 ..] lands on the first transport address with and without a block descriptor', () => {
  for (const blockDescriptors of [[], [{ densityCode: 0, numberOfBlocks: 0n, blockLength: 0 }]]) {
    const b = buildModeParameterList(list([L80_PAGE], { blockDescriptors }), SENSE6);
    assert.equal(b.readUInt16BE(b[3]! + 6), 1);
    assert.equal(b.readUInt16BE(b[3]! + 4 + 2 + 4), 1000);
  }
});

const allTypes: ElementTypeFlags = { mt: true, st: true, ie: true, dt: true };
const noTypes: ElementTypeFlags = { mt: false, st: false, ie: false, dt: false };
const flags = (bits: number): ElementTypeFlags => ({ mt: (bits & 1) !== 0, st: (bits & 2) !== 0, ie: (bits & 4) !== 0, dt: (bits & 8) !== 0 });

test('page 1Fh: tgt default 0x1f:0:0x12:15:7:15:15:15:15:0:0:0:0:15:15:15:15:0:0:0:0', () => {
  const bytesIn = hex('17 00 00 00  1f 12 0f 07 0f 0f 0f 0f 00 00 00 00 0f 0f 0f 0f 00 00 00 00');
  const [page] = parseModeParameterList(bytesIn, SENSE6).pages as [DeviceCapabilitiesPage];
  assert.deepEqual(page, {
    kind: 'device-capabilities',
    parametersSaveable: false,
    storage: allTypes,
    autoCleanEnabled: true,
    volumeTagReaderPresent: true,
    smc2: true,
    moveFrom: { mt: allTypes, st: allTypes, ie: allTypes, dt: allTypes },
    exchangeWith: { mt: allTypes, st: allTypes, ie: allTypes, dt: allTypes },
    readAttribute: noTypes,
    writeAttribute: noTypes,
  });
  assert.deepEqual(buildModeParameterList(list([page]), SENSE6), bytesIn);
});

test('page 1Fh: Quantum i2000 short form (length 0Eh), MT row 06h, no exchange', () => {
  const bytesIn = hex('13 00 00 00  9f 0e 0e 00 06 0e 0e 0e 00 00 00 00 00 00 00 00');
  const parsed = parseModeParameterList(bytesIn, SENSE6);
  const page = parsed.pages[0] as DeviceCapabilitiesPage;
  assert.equal(page.parametersSaveable, true);
  assert.deepEqual(page.storage, flags(0x0e));
  assert.deepEqual(page.moveFrom, { mt: flags(0x06), st: flags(0x0e), ie: flags(0x0e), dt: flags(0x0e) });
  assert.deepEqual(page.exchangeWith, { mt: noTypes, st: noTypes, ie: noTypes, dt: noTypes });
  // Rebuilt with the standard length 12h.
  assert.deepEqual(buildModeParameterList(parsed, SENSE6).subarray(4, 6), hex('9f 12'));
});

test('page 1Fh: TL4000 →RA / →WA bits (bit 7 of the matrix rows)', () => {
  const bytesIn = hex('17 00 00 00  1f 12 0e 00 8e 0e 0e 8e 00 00 00 00 80 00 00 00 00 00 00 00');
  const page = parseModeParameterList(bytesIn, SENSE6).pages[0] as DeviceCapabilitiesPage;
  assert.deepEqual(page.readAttribute, { mt: true, st: false, ie: false, dt: true });
  assert.deepEqual(page.writeAttribute, { mt: true, st: false, ie: false, dt: false });
  assert.deepEqual(page.moveFrom.mt, flags(0x0e));
});

test('page 1Eh: one transport, ROTATE clear (Dell TL4000, tgt 0x1e:0:2:0:0)', () => {
  const bytesIn = hex('07 00 00 00 1e 02 00 00');
  assert.deepEqual(parseModeParameterList(bytesIn, SENSE6).pages, [{ kind: 'transport-geometry', parametersSaveable: false, transports: [{ rotate: false, memberNumber: 0 }] }]);
  const two = list([{ kind: 'transport-geometry', parametersSaveable: false, transports: [{ rotate: true, memberNumber: 0 }, { rotate: false, memberNumber: 1 }] }]);
  assert.deepEqual(buildModeParameterList(two, SENSE6), hex('09 00 00 00 1e 04 01 00 00 01'));
  assert.throws(() => parseModeParameterList(hex('06 00 00 00 1e 01 00'), SENSE6), ScsiFormatError);
});

test('control page 0Ah: D_SENSE, QERR, TAS, busy timeout', () => {
  const page = controlPage({ descriptorSense: true, queueErrorManagement: 1, taskAbortedStatus: true, busyTimeoutPeriod: 0xffff, extendedSelfTestCompletionTime: 30 });
  const built = buildModeParameterList(list([page]), SENSE6);
  assert.deepEqual(built, hex('0f 00 00 00  0a 0a 04 02 00 40 00 00 ff ff 00 1e'));
  assert.deepEqual(parseModeParameterList(built, SENSE6).pages, [page]);
});

test('unknown and subpage-format pages are kept raw; MODE SENSE(10) with LONGLBA descriptors', () => {
  const raw: ModePage[] = [
    { kind: 'raw', parametersSaveable: true, pageCode: 0x1c, parameters: hex('08 03 00 00 00 00 00 00 00 00') },
    { kind: 'raw', parametersSaveable: false, pageCode: 0x0a, subpageCode: 0x01, parameters: hex('00 00 00 00') },
  ];
  const value = list(raw, { longLba: true, blockDescriptors: [{ densityCode: 0, numberOfBlocks: 0x100000000n, blockLength: 512 }] });
  const built = buildModeParameterList(value, SENSE10);
  assert.deepEqual(built.subarray(0, 8), hex(`00 ${(built.length - 2).toString(16)} 00 00 01 00 00 10`));
  assert.deepEqual(built.subarray(36), hex('4a 01 00 04 00 00 00 00'));
  const { modeDataLength: _m, truncated: _t, ...parsed } = parseModeParameterList(built, SENSE10);
  assert.deepEqual(parsed, value);
});

test('MODE SENSE data cut by the allocation length: whole pages only, truncated set', () => {
  const built = buildModeParameterList(list([L80_PAGE, controlPage()]), SENSE6);
  const parsed = parseModeParameterList(built.subarray(0, 30), SENSE6);
  assert.deepEqual(parsed.pages, [L80_PAGE]);
  assert.equal(parsed.truncated, true);
  assert.equal(parsed.modeDataLength, built.length - 1);
});

test('MODE SELECT lists: length field zero, PS reserved, pages must be whole', () => {
  const built = buildModeParameterList(list([L80_PAGE]), SELECT6);
  assert.deepEqual(built, Buffer.concat([hex('00 00 00 00'), L80_1D.subarray(4)]));
  assert.deepEqual(parseModeParameterList(built, SELECT6).pages, [L80_PAGE]);
  const withPs = Buffer.from(built);
  withPs[4] = 0x9d;
  const fieldAt = (input: Buffer, format: ModeListFormat, byte: number, bit?: number) =>
    assert.throws(
      () => parseModeParameterList(input, format),
      (e: unknown) => e instanceof ScsiFormatError && e.location === 'parameter-list' && e.field?.byte === byte && e.field.bit === bit,
    );
  fieldAt(withPs, SELECT6, 4, 7);
  fieldAt(built.subarray(0, 20), SELECT6, 5);
  fieldAt(hex('00 00 00 04 00 00 00 00'), SELECT6, 3);
  fieldAt(hex('00 00 00 00 02 00 00 00'), SELECT10, 4, 1);
  const select10 = buildModeParameterList(list([L80_PAGE]), SELECT10);
  assert.deepEqual(select10.subarray(0, 8), hex('00 00 00 00 00 00 00 00'));
});

test('a 1Dh page shorter than its fields is malformed', () => {
  assert.throws(() => parseModeParameterList(hex('0d 00 00 00 1d 08 00 01 00 01 03 e8 00 28'), SENSE6), ScsiFormatError);
});

// ---- properties ----

const typeFlags: fc.Arbitrary<ElementTypeFlags> = record({ mt: fc.boolean(), st: fc.boolean(), ie: fc.boolean(), dt: fc.boolean() });
const matrix = record({ mt: typeFlags, st: typeFlags, ie: typeFlags, dt: typeFlags });
const range = record({ firstAddress: u16, count: u16 });
const arbPage = (allowPs: boolean): fc.Arbitrary<ModePage> => {
  const ps = allowPs ? fc.boolean() : fc.constant(false);
  return fc.oneof(
    record({ kind: fc.constant('element-address-assignment' as const), parametersSaveable: ps, transport: range, storage: range, importExport: range, dataTransfer: range }),
    record({
      kind: fc.constant('transport-geometry' as const),
      parametersSaveable: ps,
      transports: fc.array(record({ rotate: fc.boolean(), memberNumber: u8 }), { maxLength: 4 }),
    }),
    record({
      kind: fc.constant('device-capabilities' as const),
      parametersSaveable: ps,
      storage: typeFlags,
      autoCleanEnabled: fc.boolean(),
      volumeTagReaderPresent: fc.boolean(),
      smc2: fc.boolean(),
      moveFrom: matrix,
      exchangeWith: matrix,
      readAttribute: typeFlags,
      writeAttribute: typeFlags,
    }),
    fc
      .tuple(ps, fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }), fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 3 })), fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 7 }), u16, u16))
      .map(([parametersSaveable, b, [tst, qam, qerr], [ua, autoload, busy, selfTest]]) =>
        controlPage({
          parametersSaveable,
          taskSetType: tst,
          taskManagementFunctionsOnly: b[0]!,
          disableProtectionInformationCheckIfZero: b[1]!,
          descriptorSense: b[2]!,
          globalLoggingTargetSaveDisable: b[3]!,
          reportLogExceptionCondition: b[4]!,
          queueAlgorithmModifier: qam,
          noUnitAttentionOnRelease: b[5]!,
          queueErrorManagement: qerr,
          vendorSpecific: b[6]!,
          reportACheck: b[7]!,
          unitAttentionInterlocksControl: ua,
          softwareWriteProtect: b[8]!,
          applicationTagOwner: b[9]!,
          taskAbortedStatus: b[10]!,
          applicationTagModePageEnabled: b[11]!,
          rejectWriteWithoutProtection: b[12]!,
          autoloadMode: autoload,
          busyTimeoutPeriod: busy,
          extendedSelfTestCompletionTime: selfTest,
        }),
      ),
    record({
      kind: fc.constant('raw' as const),
      parametersSaveable: ps,
      pageCode: fc.constantFrom(0x00, 0x02, 0x1a, 0x1c, 0x25),
      parameters: bytes(30),
    }),
    record({
      kind: fc.constant('raw' as const),
      parametersSaveable: ps,
      pageCode: fc.integer({ min: 0, max: 0x3e }),
      subpageCode: fc.integer({ min: 1, max: 0xff }),
      parameters: bytes(30),
    }),
  );
};

const arbList = (format: ModeListFormat): fc.Arbitrary<ModeParameterList> =>
  fc.boolean().chain((longLba) => {
    const long = format.cdbLength === 10 && longLba;
    const descriptor = long
      ? record({ densityCode: fc.constant(0), numberOfBlocks: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), blockLength: fc.integer({ min: 0, max: 0xffffffff }) })
      : record({ densityCode: u8, numberOfBlocks: fc.bigInt({ min: 0n, max: 0xffffffn }), blockLength: fc.integer({ min: 0, max: 0xffffff }) });
    return record({
      mediumType: u8,
      deviceSpecificParameter: u8,
      longLba: fc.constant(long),
      blockDescriptors: fc.array(descriptor, { maxLength: 2 }),
      pages: fc.array(arbPage(format.purpose === 'sense'), { maxLength: format.cdbLength === 6 ? 4 : 6 }),
    });
  });

for (const format of [SENSE6, SENSE10, SELECT6, SELECT10]) {
  test(`property: MODE ${format.purpose} (${format.cdbLength}) parameter lists round-trip`, () => {
    fc.assert(
      fc.property(arbList(format), (value) => {
        const built = buildModeParameterList(value, format);
        fc.pre(format.cdbLength === 10 || built.length <= 256);
        const { modeDataLength, truncated, ...parsed } = parseModeParameterList(built, format);
        assert.deepEqual(parsed, value);
        assert.equal(truncated, false);
        assert.equal(modeDataLength, format.purpose === 'select' ? 0 : built.length - (format.cdbLength === 6 ? 1 : 2));
      }),
    );
  });

  test(`property: random bytes into the MODE ${format.purpose} (${format.cdbLength}) parser parse or throw ScsiFormatError`, () => {
    const header = format.cdbLength === 6 ? [0x30, 0, 0, 0] : [0, 0x40, 0, 0, 0, 0, 0, 0];
    expectParsesOrFormatError((b) => parseModeParameterList(b, format), 80, [header, [...header, 0x1d, 0x12], [...header, 0x1f, 0x0e], [...header, 0x0a, 0x0a], [...header, 0x5e, 0x01, 0x00, 0x04]]);
  });
}
