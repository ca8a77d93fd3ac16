/** READ/WRITE ATTRIBUTE CDBs and MAM attribute data from literal bytes (ssc.md §2.13). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as scsi from '../../../../src/scsi/index.ts';

const hex = (text: string): Buffer => Buffer.from(text.replace(/[ |]/g, ''), 'hex');

test('READ ATTRIBUTE and WRITE ATTRIBUTE CDBs as LTFS and PBS send them', () => {
  assert.deepEqual(scsi.buildReadAttributeCdb({ partitionNumber: 1, firstAttributeIdentifier: 0x080c, allocationLength: 74 }), hex('8c 00 000000 00 00 01 080c 0000004a 00 00'));
  assert.deepEqual(scsi.parseReadAttributeCdb(hex('8c 01 000000 00 00 00 0800 00008000 01 00')), {
    serviceAction: 1,
    logicalVolumeNumber: 0,
    partitionNumber: 0,
    firstAttributeIdentifier: 0x0800,
    allocationLength: 0x8000,
    cache: true,
    control: 0,
  });
  assert.throws(() => scsi.parseReadAttributeCdb(hex('8c 20 000000 00 00 00 0000 00008000 00 00')), /reserved bit 5/);
  assert.deepEqual(scsi.buildWriteAttributeCdb({ writeThroughCache: true, parameterListLength: 17 }), hex('8d 01 000000 00 00 00 0000 00000011 00 00'));
  assert.deepEqual(scsi.parseWriteAttributeCdb(hex('8d 01 000000 00 00 01 0000 00000011 00 00')), {
    writeThroughCache: true,
    logicalVolumeNumber: 0,
    partitionNumber: 1,
    parameterListLength: 17,
    control: 0,
  });
});

test('attribute values, identifier lists and a write list; both parameter data length conventions', () => {
  const vendor: scsi.MamAttribute = { identifier: 0x0800, readOnly: false, format: scsi.AttributeFormat.ASCII, value: Buffer.from('Proxmox ') };
  const loads: scsi.MamAttribute = { identifier: 0x0003, readOnly: true, format: scsi.AttributeFormat.BINARY, value: hex('0000000000000002') };
  const values = scsi.buildAttributeValues([loads, vendor]);
  assert.deepEqual(values, Buffer.concat([hex('0000001a | 0003 80 0008 0000000000000002 | 0800 01 0008'), Buffer.from('Proxmox ')]));
  assert.deepEqual(scsi.parseAttributeValues(values), { availableData: 26, attributes: [loads, vendor] });
  assert.deepEqual(scsi.parseAttributeValues(values.subarray(0, 20)).attributes, [loads]);
  assert.deepEqual(scsi.buildAttributeIdentifiers([0x0800, 0x0806]), hex('00000004 0800 0806'));

  const list = scsi.buildWriteAttributeParameters([vendor]);
  assert.deepEqual(list, Buffer.concat([hex('0000000d 0800 01 0008'), Buffer.from('Proxmox ')]));
  assert.deepEqual(scsi.parseWriteAttributeParameters(list), [vendor]);
  const ltfs = Buffer.from(list);
  ltfs.writeUInt32BE(ltfs.length, 0);
  assert.deepEqual(scsi.parseWriteAttributeParameters(ltfs), [vendor]);
  const wrong = Buffer.from(list);
  wrong.writeUInt32BE(3, 0);
  assert.throws(() => scsi.parseWriteAttributeParameters(wrong), (e: unknown) => e instanceof scsi.ScsiFormatError && e.location === 'parameter-list' && e.field?.byte === 0);
  assert.throws(() => scsi.parseWriteAttributeParameters(hex('00000007 0800 01 0008 5050')), (e: unknown) => e instanceof scsi.ScsiFormatError && e.field?.byte === 7);
  assert.equal(scsi.attributeDefinition(0x0803)?.length, 160);
  assert.equal(scsi.attributeDefinition(0x0803)?.format, scsi.AttributeFormat.TEXT);
});
