import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildElementStatusData,
  parseElementStatusData,
  buildVolumeElementAddressData,
  parseVolumeElementAddressData,
  buildSendVolumeTagParameters,
  parseSendVolumeTagParameters,
  elementDescriptor,
  asciiDesignator,
  designatorText,
  DesignatorType,
  MediumType,
  ScsiFormatError,
  type ElementDescriptor,
  type ElementStatusPage,
  type AddressableElementTypeCode,
  type Designator,
} from '../../../src/scsi/index.ts';
import { bytes, expectParsesOrFormatError, paddedText, record, u16, u8 } from './arbitraries.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const ascii = (text: string) => Buffer.from(text, 'latin1');

// smc.md §2.5: mhVTL STK L80, DT page with DVCID, first descriptor verbatim.
const L80_HEADER = hex('01 f4 00 04 00 00 00 d0');
const L80_PAGE_HEADER = hex('04 00 00 32 00 00 00 c8');
const l80Descriptor = (address: number, serial: string) =>
  Buffer.concat([hex(`${address.toString(16).padStart(4, '0')} 08 00 00 00 00 00 00 00 00 00`), hex('02 01 00 22'), ascii('STK     '), ascii('T10000B         '), ascii(serial)]);
const L80_DRIVES = [500, 501, 502, 503].map((a, i) => l80Descriptor(a, `XYZZY_B${i + 1}  `));
const L80_RESPONSE = Buffer.concat([L80_HEADER, L80_PAGE_HEADER, ...L80_DRIVES]);

const l80Drive = (address: number, serial: string): ElementDescriptor =>
  elementDescriptor(address, { access: true, identification: asciiDesignator(DesignatorType.T10_VENDOR_ID, `STK     T10000B         ${serial}`) });
const L80_PAGE: ElementStatusPage = {
  elementType: 4,
  pVolTag: false,
  aVolTag: false,
  deviceId: true,
  descriptors: [500, 501, 502, 503].map((a, i) => l80Drive(a, `XYZZY_B${i + 1}  `)),
};

test('smc.md §2.5: the L80 drive page is built byte for byte (header 208 bytes, descriptor 50)', () => {
  const built = buildElementStatusData([L80_PAGE]);
  assert.deepEqual(built.subarray(0, 8), L80_HEADER);
  assert.deepEqual(built.subarray(8, 16), L80_PAGE_HEADER);
  assert.deepEqual(built.subarray(16, 66), Buffer.concat([hex('01 f4 08 00 00 00 00 00 00 00 00 00 02 01 00 22'), ascii('STK     T10000B         XYZZY_B1  ')]));
  assert.deepEqual(built, L80_RESPONSE);
});

test('smc.md §2.5: parsing the L80 response yields the typed drives with their DVCID serials', () => {
  const data = parseElementStatusData(L80_RESPONSE);
  assert.equal(data.firstElementAddress, 500);
  assert.equal(data.numberOfElements, 4);
  assert.equal(data.byteCount, 208);
  assert.equal(data.truncated, false);
  assert.deepEqual(data.pages, [{ ...L80_PAGE, descriptorLength: 50 }]);
  const id = data.pages[0]!.descriptors[0]!.identification as Designator;
  assert.equal(id.codeSet, 2);
  assert.equal(id.designatorType, 1);
  assert.equal(designatorText(id)?.slice(24), 'XYZZY_B1  ');
});

test('allocation 8 (the Quantum DX probe) returns the header alone, still announcing 4 elements and 208 bytes', () => {
  assert.deepEqual(buildElementStatusData([L80_PAGE], { allocationLength: 8 }), L80_HEADER);
  const probe = parseElementStatusData(L80_HEADER);
  assert.deepEqual(probe, { firstElementAddress: 500, numberOfElements: 4, byteCount: 208, pages: [], truncated: true });
});

test('truncation keeps whole descriptors only and the full counts in both headers', () => {
  const one = Buffer.concat([L80_HEADER, L80_PAGE_HEADER, L80_DRIVES[0]!]);
  assert.deepEqual(buildElementStatusData([L80_PAGE], { allocationLength: 66 }), one);
  assert.deepEqual(buildElementStatusData([L80_PAGE], { allocationLength: 115 }), one, 'a second descriptor that does not fit is left out whole');
  assert.deepEqual(buildElementStatusData([L80_PAGE], { allocationLength: 65 }), L80_HEADER, 'a page header is never sent without a descriptor');
  assert.deepEqual(buildElementStatusData([L80_PAGE], { allocationLength: 5 }), L80_HEADER.subarray(0, 5));
  const parsed = parseElementStatusData(one);
  assert.equal(parsed.truncated, true);
  assert.equal(parsed.numberOfElements, 4);
  assert.equal(parsed.pages[0]!.descriptors.length, 1);
  assert.equal(parsed.pages[0]!.descriptors[0]!.elementAddress, 500);
});

test('a response cut mid-descriptor (tgt copies min(len, alloc)) parses to the whole descriptors before the cut', () => {
  const parsed = parseElementStatusData(L80_RESPONSE.subarray(0, 100));
  assert.equal(parsed.truncated, true);
  assert.deepEqual(parsed.pages[0]!.descriptors.map((d) => d.elementAddress), [500]);
});

// tgt-style storage page with PVolTag: descriptor 52 = 12 + 36 + 4-byte empty identifier header.
const TGT_SLOTS = hex(`
  03 e8 00 02 00 00 00 70
  02 80 00 34 00 00 00 68
  03 e8 09 00 00 00 00 00 00 00 00 00 ${ascii('TST001L6'.padEnd(32)).toString('hex')} 00 00 00 00 00 00 00 00
  03 ec 08 00 00 00 00 00 00 00 00 00 ${ascii(''.padEnd(32)).toString('hex')} 00 00 00 00 00 00 00 00
`);

test('tgt-style VolTag storage page: barcode, blank tag of an empty slot, empty identifier header', () => {
  const data = parseElementStatusData(TGT_SLOTS);
  assert.deepEqual(data.pages, [
    {
      elementType: 2,
      pVolTag: true,
      aVolTag: false,
      deviceId: true,
      descriptorLength: 52,
      descriptors: [
        elementDescriptor(1000, { access: true, full: true, primaryVolumeTag: { volumeIdentifier: 'TST001L6', sequenceNumber: 0 } }),
        elementDescriptor(1004, { access: true, primaryVolumeTag: { volumeIdentifier: '', sequenceNumber: 0 } }),
      ],
    },
  ]);
  assert.deepEqual(buildElementStatusData(data.pages), TGT_SLOTS);
});

test('every descriptor flag sits at its bit: IE byte 2, DT bytes 6–7, byte 9, source address', () => {
  const bytesIn = hex(`
    00 0a 00 02 00 00 00 28
    03 00 00 0c 00 00 00 0c
    00 0a ff 00 3b 12 00 00 00 cc 03 e9
    04 00 00 0c 00 00 00 0c
    01 f4 00 00 00 00 b5 03 00 82 00 00
  `);
  const data = parseElementStatusData(bytesIn);
  assert.deepEqual(
    data.pages[0]!.descriptors[0],
    elementDescriptor(10, {
      oir: true,
      cmc: true,
      inEnab: true,
      exEnab: true,
      access: true,
      except: true,
      impExp: true,
      full: true,
      asc: 0x3b,
      ascq: 0x12,
      sValid: true,
      invert: true,
      ed: true,
      mediumType: MediumType.WORM,
      sourceAddress: 1001,
    }),
  );
  assert.deepEqual(
    data.pages[1]!.descriptors[0],
    elementDescriptor(500, { notBus: true, idValid: true, luValid: true, lun: 5, scsiBusAddress: 3, sValid: true, mediumType: MediumType.CLEANING }),
  );
  assert.deepEqual(buildElementStatusData(data.pages), bytesIn);
});

test('PVolTag, AVolTag and the identifier come in that order (smc.md §2.4)', () => {
  const page: ElementStatusPage = {
    elementType: 4,
    pVolTag: true,
    aVolTag: true,
    deviceId: true,
    descriptors: [
      elementDescriptor(256, {
        full: true,
        primaryVolumeTag: { volumeIdentifier: 'A00001L8', sequenceNumber: 1 },
        alternateVolumeTag: { volumeIdentifier: 'ALT', sequenceNumber: 2 },
        identification: asciiDesignator(DesignatorType.VENDOR_SPECIFIC, 'SN42'),
      }),
    ],
  };
  const built = buildElementStatusData([page]);
  assert.deepEqual(built.subarray(8, 16), hex('04 c0 00 5c 00 00 00 5c'), 'descriptor 92 = 12 + 36 + 36 + 4 + 4');
  assert.deepEqual(built.subarray(28, 64), Buffer.concat([ascii('A00001L8'.padEnd(32)), hex('00 00 00 01')]));
  assert.deepEqual(built.subarray(64, 100), Buffer.concat([ascii('ALT'.padEnd(32)), hex('00 00 00 02')]));
  assert.deepEqual(built.subarray(100), Buffer.concat([hex('02 00 00 04'), ascii('SN42')]));
});

test('identifiers of different lengths are padded to one descriptor length; a larger declared length pads further', () => {
  const page: ElementStatusPage = {
    elementType: 4,
    pVolTag: false,
    aVolTag: false,
    deviceId: true,
    descriptors: [
      elementDescriptor(1, { identification: asciiDesignator(0, 'AB') }),
      elementDescriptor(2, { identification: asciiDesignator(0, 'ABCDEF') }),
      elementDescriptor(3),
    ],
  };
  const built = buildElementStatusData([page]);
  assert.deepEqual(built.subarray(8, 16), hex('04 00 00 16 00 00 00 42'));
  assert.deepEqual(parseElementStatusData(built).pages[0]!.descriptors, page.descriptors);
  const padded = buildElementStatusData([{ ...page, descriptorLength: 48 }]);
  assert.deepEqual(padded.subarray(8, 16), hex('04 00 00 30 00 00 00 90'));
  assert.deepEqual(parseElementStatusData(padded).pages[0]!.descriptors, page.descriptors);
  assert.throws(() => buildElementStatusData([{ ...page, descriptorLength: 20 }]), RangeError);
});

test('mhVTL issue #152: a byte count that is not whole descriptors (48 declared, 50 written) is refused', () => {
  const malformed = Buffer.concat([hex('01 f4 00 03 00 00 00 9e 04 00 00 30 00 00 00 96'), Buffer.alloc(150)]);
  assert.throws(
    () => parseElementStatusData(malformed),
    (e: unknown) => e instanceof ScsiFormatError && /not a whole number of 48-byte descriptors/.test(e.message) && e.field?.byte === 13,
  );
});

test('malformed pages: unknown element type, descriptor too short for its tags, header too short', () => {
  assert.throws(() => parseElementStatusData(hex('00 00 00 01 00 00 00 14 05 00 00 0c 00 00 00 0c 00 00 00 00 00 00 00 00 00 00 00 00')), ScsiFormatError);
  assert.throws(() => parseElementStatusData(hex('00 00 00 01 00 00 00 14 02 80 00 0c 00 00 00 0c 00 00 00 00 00 00 00 00 00 00 00 00')), ScsiFormatError);
  assert.throws(() => parseElementStatusData(hex('00 00 00 01 00 00 00')), ScsiFormatError);
});

test('bytes past the declared byte count (padding to the allocation length) are not read as pages', () => {
  const padded = Buffer.concat([L80_RESPONSE, Buffer.alloc(64)]);
  assert.deepEqual(parseElementStatusData(padded).pages, parseElementStatusData(L80_RESPONSE).pages);
});

test('several pages: first element address is the lowest, counts cover all pages, empty pages are left out', () => {
  const built = buildElementStatusData([
    { elementType: 2, pVolTag: false, aVolTag: false, deviceId: false, descriptors: [elementDescriptor(1000), elementDescriptor(1001)] },
    { elementType: 3, pVolTag: false, aVolTag: false, deviceId: false, descriptors: [] },
    { elementType: 1, pVolTag: false, aVolTag: false, deviceId: false, descriptors: [elementDescriptor(1)] },
  ]);
  assert.deepEqual(built.subarray(0, 8), hex('00 01 00 03 00 00 00 34'));
  assert.equal(built.length, 8 + 8 + 24 + 8 + 12);
  assert.deepEqual(buildElementStatusData([]), hex('00 00 00 00 00 00 00 00'));
});

test('a descriptor carrying a field its page does not declare is a builder error', () => {
  const page: ElementStatusPage = {
    elementType: 2,
    pVolTag: false,
    aVolTag: false,
    deviceId: false,
    descriptors: [elementDescriptor(1, { primaryVolumeTag: { volumeIdentifier: 'X', sequenceNumber: 0 } })],
  };
  assert.throws(() => buildElementStatusData([page]), RangeError);
});

test('REQUEST VOLUME ELEMENT ADDRESS data: send action code in byte 4, pages as for B8h', () => {
  const page: ElementStatusPage = {
    elementType: 2,
    pVolTag: true,
    aVolTag: false,
    deviceId: false,
    descriptors: [elementDescriptor(1000, { full: true, primaryVolumeTag: { volumeIdentifier: 'TST001L6', sequenceNumber: 0 } })],
  };
  const built = buildVolumeElementAddressData([page], { sendActionCode: 5 });
  assert.deepEqual(built.subarray(0, 16), hex('03 e8 00 01 05 00 00 38 02 80 00 30 00 00 00 30'));
  assert.deepEqual(parseVolumeElementAddressData(built), {
    firstElementAddress: 1000,
    numberOfElements: 1,
    sendActionCode: 5,
    byteCount: 56,
    pages: [{ ...page, descriptorLength: 48 }],
    truncated: false,
  });
});

test('SEND VOLUME TAG parameter list: 40 bytes, template space-padded; reserved bytes and bad characters are field errors', () => {
  const built = buildSendVolumeTagParameters({ volumeIdentificationTemplate: 'TST*', minimumSequenceNumber: 1, maximumSequenceNumber: 9 });
  assert.deepEqual(built, Buffer.concat([ascii('TST*'.padEnd(32)), hex('00 00 00 01 00 00 00 09')]));
  assert.deepEqual(parseSendVolumeTagParameters(built), { volumeIdentificationTemplate: 'TST*', minimumSequenceNumber: 1, maximumSequenceNumber: 9 });
  // Linux CHIOSVOLTAG: 255-byte list, first 32 bytes meaningful, zero beyond.
  const linux = Buffer.concat([ascii('NEW001L6'.padEnd(32)), Buffer.alloc(223)]);
  assert.equal(parseSendVolumeTagParameters(linux).volumeIdentificationTemplate, 'NEW001L6');
  const fieldAt = (input: Buffer, byte: number, options = {}) =>
    assert.throws(
      () => parseSendVolumeTagParameters(input, options),
      (e: unknown) => e instanceof ScsiFormatError && e.location === 'parameter-list' && e.field?.byte === byte,
    );
  fieldAt(Buffer.concat([ascii('TST*'.padEnd(32)), hex('00 01 00 01 00 00 00 09')]), 33);
  fieldAt(built, 3, { allowWildcards: false });
  fieldAt(Buffer.concat([ascii('A\u0001'.padEnd(32)), Buffer.alloc(8)]), 1);
  fieldAt(built.subarray(0, 39), 0);
});

// ---- properties ----

const tag = record({ volumeIdentifier: paddedText(32), sequenceNumber: u16 });
const designator: fc.Arbitrary<Designator> = record({
  protocolIdentifier: fc.integer({ min: 0, max: 15 }),
  codeSet: fc.integer({ min: 1, max: 15 }),
  protocolIdentifierValid: fc.boolean(),
  association: fc.integer({ min: 0, max: 3 }),
  designatorType: fc.integer({ min: 0, max: 15 }),
  identifier: bytes(40),
});

function arbDescriptor(pVolTag: boolean, aVolTag: boolean, deviceId: boolean): fc.Arbitrary<ElementDescriptor> {
  return fc
    .record({
      elementAddress: u16,
      flags: fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }),
      asc: u8,
      ascq: u8,
      lun: fc.integer({ min: 0, max: 7 }),
      scsiBusAddress: u8,
      mediumType: fc.integer({ min: 0, max: 7 }),
      sourceAddress: u16,
      primary: fc.option(tag, { nil: undefined }),
      alternate: fc.option(tag, { nil: undefined }),
      identification: fc.option(designator, { nil: undefined }),
    })
    .map((x) => {
      const [oir, cmc, inEnab, exEnab, access, except, impExp, full, notBus, idValid, luValid, sValid, invert, ed] = x.flags as boolean[];
      const d = elementDescriptor(x.elementAddress, {
        oir: oir!, cmc: cmc!, inEnab: inEnab!, exEnab: exEnab!, access: access!, except: except!, impExp: impExp!, full: full!,
        asc: x.asc, ascq: x.ascq, notBus: notBus!, idValid: idValid!, luValid: luValid!, lun: x.lun, scsiBusAddress: x.scsiBusAddress,
        sValid: sValid!, invert: invert!, ed: ed!, mediumType: x.mediumType, sourceAddress: x.sourceAddress,
      });
      if (pVolTag && x.primary !== undefined) d.primaryVolumeTag = x.primary;
      if (aVolTag && x.alternate !== undefined) d.alternateVolumeTag = x.alternate;
      if (deviceId && x.identification !== undefined) d.identification = x.identification;
      return d;
    });
}

const arbPage = (padding: boolean, deviceIdChoice = fc.boolean()): fc.Arbitrary<ElementStatusPage> =>
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.boolean(), deviceIdChoice, fc.integer({ min: 0, max: padding ? 16 : 0 }))
    .chain(([type, pVolTag, aVolTag, deviceId, pad]) =>
      fc.array(arbDescriptor(pVolTag, aVolTag, deviceId), { minLength: 1, maxLength: 6 }).map((descriptors) => {
        const page: ElementStatusPage = { elementType: type as AddressableElementTypeCode, pVolTag, aVolTag, deviceId, descriptors };
        if (pad > 0) page.descriptorLength = naturalLength(page) + pad;
        return page;
      }),
    );

function naturalLength(page: ElementStatusPage): number {
  return parseElementStatusData(buildElementStatusData([{ ...page, descriptorLength: undefined }])).pages[0]!.descriptorLength!;
}

const withLengths = (pages: ElementStatusPage[], parsed: ElementStatusPage[]) =>
  pages.map((p, i) => ({ ...p, descriptorLength: parsed[i]?.descriptorLength }));

test('property: parse(build(pages)) = pages, identifiers inferred', () => {
  fc.assert(
    fc.property(fc.array(arbPage(false), { maxLength: 4 }), (pages) => {
      const built = buildElementStatusData(pages);
      const parsed = parseElementStatusData(built);
      assert.deepEqual(parsed.pages, withLengths(pages, parsed.pages));
      assert.equal(parsed.numberOfElements, pages.reduce((n, p) => n + p.descriptors.length, 0));
      assert.equal(parsed.byteCount, built.length - 8);
      assert.equal(parsed.truncated, false);
    }),
  );
});

test('property: padded descriptors round-trip when the reader is told DVCID', () => {
  fc.assert(
    fc.property(fc.boolean().chain((dvcid) => fc.tuple(fc.constant(dvcid), fc.array(arbPage(true, fc.constant(dvcid)), { maxLength: 3 }))), ([dvcid, pages]) => {
      const built = buildElementStatusData(pages);
      const parsed = parseElementStatusData(built, { deviceId: dvcid });
      assert.deepEqual(parsed.pages, withLengths(pages, parsed.pages));
      assert.deepEqual(buildElementStatusData(parsed.pages), built);
    }),
  );
});

test('property: truncation sends a prefix of whole descriptors, the most that fits, with full header counts', () => {
  fc.assert(
    fc.property(fc.array(arbPage(false), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 1200 }), (pages, allocationLength) => {
      const full = buildElementStatusData(pages);
      const cut = buildElementStatusData(pages, { allocationLength });
      assert.ok(cut.length <= allocationLength);
      assert.deepEqual(cut, full.subarray(0, cut.length), 'a prefix of the full response');
      if (cut.length < 8) return assert.equal(cut.length, Math.min(allocationLength, 8));
      const parsed = parseElementStatusData(cut);
      assert.deepEqual(cut.subarray(0, 8), full.subarray(0, 8), 'header counts are not reduced');
      const all = pages.flatMap((p) => p.descriptors);
      const got = parsed.pages.flatMap((p) => p.descriptors);
      assert.deepEqual(got, all.slice(0, got.length));
      // Expected length, computed independently: units of (page header + first descriptor) or one descriptor.
      const units = parseElementStatusData(full).pages.flatMap((p) => p.descriptors.map((_, i) => p.descriptorLength! + (i === 0 ? 8 : 0)));
      let expected = 8;
      for (const unit of units) {
        if (expected + unit > allocationLength) break;
        expected += unit;
      }
      assert.equal(cut.length, expected);
      assert.equal(parsed.truncated, got.length < all.length);
    }),
  );
});

test('property: random bytes into the element status parsers parse or throw ScsiFormatError', () => {
  const header = [0x01, 0xf4, 0x00, 0x04, 0x00, 0x00, 0x00, 0x40];
  expectParsesOrFormatError(parseElementStatusData, 200, [header, [...header, 0x04, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x20], [...header, 0x02, 0xc0, 0x00, 0x54]]);
  expectParsesOrFormatError((b) => parseElementStatusData(b, { deviceId: true }), 200, [[...header, 0x04, 0x00, 0x00, 0x12, 0x00, 0x00, 0x00, 0x24]]);
  expectParsesOrFormatError(parseVolumeElementAddressData, 200, [header]);
  expectParsesOrFormatError(parseSendVolumeTagParameters, 60);
});
