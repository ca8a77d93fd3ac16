/**
 * The SSC mode pages a tape drive answers (ssc.md §2.10), from literal bytes and back, and the
 * page spans of a MODE SELECT parameter list with their field pointers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as scsi from '../../../../src/scsi/index.ts';

const hex = (text: string): Buffer => Buffer.from(text.replace(/[ |]/g, ''), 'hex');

test('data compression page 0Fh: DCE + DCC, DDE, algorithm 1 both ways', () => {
  const page: scsi.DataCompressionPage = {
    dataCompressionEnable: true,
    dataCompressionCapable: true,
    dataDecompressionEnable: true,
    reportExceptionOnDecompression: 0,
    compressionAlgorithm: 1,
    decompressionAlgorithm: 1,
  };
  const bytes = hex('0f 0e c0 80 00000001 00000001 00000000');
  assert.deepEqual(scsi.encodeDataCompressionPage(page), bytes);
  assert.deepEqual(scsi.decodeDataCompressionPage(bytes), page);
  assert.deepEqual(scsi.decodeDataCompressionPage(hex('0f 0e 40 a0 00000000 00000005 00000000')), {
    ...page,
    dataCompressionEnable: false,
    reportExceptionOnDecompression: 1,
    compressionAlgorithm: 0,
    decompressionAlgorithm: 5,
  });
  assert.throws(() => scsi.decodeDataCompressionPage(hex('0f 0a c0 80 00000001 00000001')), /page length 10 is not 14/);
  assert.throws(() => scsi.decodeDataCompressionPage(hex('10 0e c0 80 00000001 00000001 00000000')), /page code 10h is not fh/);
});

test('device configuration page 10h: LOIS, EEG + SEW, SDCA; and its extension 10h/01h with PEWS', () => {
  const bytes = hex('10 0e 00 00 00 00 0000 40 00 18 000000 01 00');
  const page = scsi.decodeDeviceConfigurationPage(bytes);
  assert.equal(page.logicalObjectIdentifiersSupported, true);
  assert.equal(page.enableEodGeneration, true);
  assert.equal(page.synchronizeAtEarlyWarning, true);
  assert.equal(page.selectDataCompressionAlgorithm, 1);
  assert.deepEqual(scsi.encodeDeviceConfigurationPage(page), bytes);
  const full = hex('10 0e 25 01 02 03 0064 ff 04 ff 000100 00 ff');
  assert.deepEqual(scsi.encodeDeviceConfigurationPage(scsi.decodeDeviceConfigurationPage(full)), full);

  const extension = hex('50 01 001c 00 02 0bb8 00' + '00'.repeat(23));
  const decoded = scsi.decodeDeviceConfigurationExtensionPage(extension);
  assert.deepEqual(decoded, {
    programmableEarlyWarningUnits: 0,
    tapeAlertRespectParameterFields: false,
    tapeAlertSelectEventRecording: false,
    tapeAlertRespectPageControl: false,
    tapeAlertPrefixLogSenseDefault: false,
    writeMode: 0,
    shortEraseMode: 2,
    programmableEarlyWarningSize: 3000,
    encryptionControls: 0,
  });
  assert.deepEqual(scsi.encodeDeviceConfigurationExtensionPage(decoded), extension);
  assert.throws(() => scsi.decodeDeviceConfigurationExtensionPage(hex('10 1c' + '00'.repeat(28))), /SPF is clear/);
});

test('medium partition page 11h: what mkltfs sets (IDP, PSUM 11b, units 10^9, 1 GB + the rest)', () => {
  const bytes = hex('11 0a 01 01 3c 03 09 00 0001 ffff');
  const page = scsi.decodeMediumPartitionPage(bytes);
  assert.deepEqual(page, {
    maximumAdditionalPartitions: 1,
    additionalPartitionsDefined: 1,
    fixedDataPartitions: false,
    selectDataPartitions: false,
    initiatorDefinedPartitions: true,
    partitionSizeUnitOfMeasure: scsi.PartitionSizeUnit.POWER_OF_TEN,
    partitionOnFormat: true,
    clear: false,
    addPartition: false,
    mediumFormatRecognition: 3,
    partitioningType: 0,
    partitionUnits: 9,
    partitionSizes: [1, 0xffff],
  });
  assert.deepEqual(scsi.encodeMediumPartitionPage(page), bytes);
  assert.throws(() => scsi.decodeMediumPartitionPage(hex('11 07 01 01 3c 03 09 00 00')), /not 6 \+ 2 per partition/);
});

test('informational exceptions control 1Ch (DEXCPT, MRIE 3) and medium configuration 1Dh (WORMM)', () => {
  const ie = hex('1c 0a 08 03 00000000 00000000');
  assert.deepEqual(scsi.decodeInformationalExceptionsControlPage(ie), {
    performance: false,
    enableBackgroundFunction: false,
    enableWarning: false,
    disableExceptionControl: true,
    test: false,
    logErrors: false,
    methodOfReporting: 3,
    intervalTimer: 0,
    reportCount: 0,
  });
  assert.deepEqual(scsi.encodeInformationalExceptionsControlPage(scsi.decodeInformationalExceptionsControlPage(ie)), ie);
  const worm = hex('1d 1e 01 00 01 01' + '00'.repeat(26));
  assert.deepEqual(scsi.decodeMediumConfigurationPage(worm), { wormMode: true, wormModeLabelRestrictions: 1, wormModeFilemarkRestrictions: 1 });
  assert.deepEqual(scsi.encodeMediumConfigurationPage({ wormMode: true, wormModeLabelRestrictions: 1, wormModeFilemarkRestrictions: 1 }), worm);
});

test('page spans of a MODE SELECT list: offsets, subpages; PS set or a page past the end point at the field', () => {
  const list = hex('00 00 10 08 | 5e 000000 00 010000 | 0f 02 c0 80 | 50 01 0002 0bb8');
  const spans = scsi.modePageSpans(list, 12, 'MODE SELECT(6) parameter list');
  assert.deepEqual(
    spans.map((s) => [s.offset, s.pageCode, s.subpageCode, s.headerLength, s.bytes.toString('hex')]),
    [
      [12, 0x0f, undefined, 2, '0f02c080'],
      [16, 0x10, 1, 4, '500100020bb8'],
    ],
  );
  const ps = (): unknown => scsi.modePageSpans(hex('8f 02 c0 80'), 0, 'list');
  assert.throws(ps, (e: unknown) => e instanceof scsi.ScsiFormatError && e.location === 'parameter-list' && e.field?.byte === 0 && e.field.bit === 7);
  const past = (): unknown => scsi.modePageSpans(hex('0f 0e c0 80'), 0, 'list');
  assert.throws(past, (e: unknown) => e instanceof scsi.ScsiFormatError && e.field?.byte === 1);
});

test('an encoded SSC page carried raw in a mode parameter list keeps its bytes', () => {
  const page = hex('50 01 001c' + '00'.repeat(28));
  const raw = scsi.asRawModePage(page);
  assert.deepEqual(raw, { kind: 'raw', parametersSaveable: false, pageCode: 0x10, subpageCode: 1, parameters: Buffer.alloc(28) });
  assert.deepEqual(scsi.encodeModePage(raw), page);
});

test('REPORT DENSITY SUPPORT: CDB (MEDIA, MEDIUM TYPE, allocation) and 52-byte descriptors', () => {
  assert.deepEqual(scsi.buildReportDensitySupportCdb({ media: true, allocationLength: 8192 }), hex('44 01 00 00 00 00 00 20 00 00'));
  assert.deepEqual(scsi.parseReportDensitySupportCdb(hex('44 02 00 00 00 00 00 00 ff 00')), { mediumType: true, media: false, allocationLength: 255, control: 0 });
  assert.throws(() => scsi.parseReportDensitySupportCdb(hex('44 04 00 00 00 00 00 00 ff 00')), /reserved bit 2/);
  const lto8: scsi.DensitySupportDescriptor = {
    primaryDensityCode: 0x5e,
    secondaryDensityCode: 0x5e,
    writeOk: true,
    duplicate: false,
    defaultDensity: true,
    descriptorLengthValid: true,
    bitsPerMm: 20669,
    mediaWidth: 127,
    tracks: 6656,
    capacityMB: 12_000_000,
    assigningOrganization: 'LTO-CVE',
    densityName: 'U-832',
    description: 'Ultrium 8 12TB',
  };
  const bytes = '003600005e5ea1003400' + '50bd007f1a0000b71b00';
  const data = scsi.buildDensitySupportData([lto8]);
  assert.equal(data.subarray(0, 20).toString('hex'), bytes);
  assert.equal(data.subarray(20).toString('latin1'), 'LTO-CVE U-832   Ultrium 8 12TB      ');
  assert.deepEqual(scsi.parseDensitySupportData(data), { descriptors: [lto8], truncated: false });
  assert.deepEqual(scsi.parseDensitySupportData(data.subarray(0, 40)), { descriptors: [], truncated: true });
});
