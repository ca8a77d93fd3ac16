// GET_CHANGER_PARAMETERS derivation (driver/smc/configuration.ts) from hand-made device facts:
// which flags come from what the device reports, and which from the product's fact table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parametersFrom, type DeviceFacts } from '../../../src/driver/smc/configuration.ts';
import { DEFAULT_FACTS } from '../../../src/driver/smc/productFacts.ts';
import { Features0, Features1, features0Names, features1Names, hasFeature } from '../../../src/driver/features.ts';
import { Opcode } from '../../../src/scsi/opcodes.ts';

const range = (firstAddress: number, count: number): { firstAddress: number; count: number } => ({ firstAddress, count });

const BASE: DeviceFacts = {
  addressPage: { kind: 'element-address-assignment', parametersSaveable: false, transport: range(1, 1), storage: range(0x1000, 24), importExport: range(0x10, 1), dataTransfer: range(0x100, 2) },
  geometry: undefined,
  capabilities: undefined,
  supportedOpcodes: new Set([Opcode.PREVENT_ALLOW_MEDIUM_REMOVAL, Opcode.SEND_VOLUME_TAG, Opcode.REQUEST_VOLUME_ELEMENT_ADDRESS, Opcode.OPEN_CLOSE_IMPORT_EXPORT_ELEMENT]),
  barcodeReader: true,
  serialNumberValid: true,
  facts: DEFAULT_FACTS,
};

const usage = (byte: number, mask: number): Uint8Array => Object.assign(new Uint8Array(12), { [byte]: mask });
const volumeFlags = (f: DeviceFacts): string[] => features0Names(parametersFrom(f).features0).filter((n) => n.startsWith('VOLUME_'));
const ieFlags = (f: DeviceFacts): string[] => {
  const p = parametersFrom(f);
  return [...features0Names(p.features0).filter((n) => n.endsWith('_IEPORT') && !n.startsWith('STORAGE') && !n.startsWith('REPORT')), ...features1Names(p.features1)];
};

test('OPEN/CLOSE_IEPORT: CLOSE only when the 1Bh usage map lets the action be 1; what the host cannot do, the operator does', () => {
  assert.deepEqual(ieFlags({ ...BASE, usage: { openClose: usage(4, 0x01) } }), ['CLOSE_IEPORT', 'OPEN_IEPORT']);
  assert.deepEqual(ieFlags({ ...BASE, usage: { openClose: usage(4, 0x00) } }), ['OPEN_IEPORT', 'IEPORT_USER_CONTROL_CLOSE']);
  const without = new Set([...(BASE.supportedOpcodes ?? [])].filter((o) => o !== Opcode.OPEN_CLOSE_IMPORT_EXPORT_ELEMENT));
  assert.deepEqual(ieFlags({ ...BASE, supportedOpcodes: without }), ['IEPORT_USER_CONTROL_OPEN', 'IEPORT_USER_CONTROL_CLOSE']);
  // No import/export element: no IE port flags at all.
  assert.deepEqual(ieFlags({ ...BASE, addressPage: { ...BASE.addressPage, importExport: range(0, 0) } }), []);
});

test('VOLUME_SEARCH/ASSERT/REPLACE/UNDEFINE follow the SEND VOLUME TAG action codes the device accepts', () => {
  assert.deepEqual(volumeFlags({ ...BASE, usage: { sendVolumeTag: usage(5, 0x05) } }), ['VOLUME_IDENTIFICATION', 'VOLUME_SEARCH']);
  assert.deepEqual(volumeFlags({ ...BASE, usage: { sendVolumeTag: usage(5, 0x0f) } }), ['VOLUME_IDENTIFICATION', 'VOLUME_SEARCH', 'VOLUME_ASSERT', 'VOLUME_REPLACE', 'VOLUME_UNDEFINE']);
  // Without a usage map the product facts decide; they may narrow what the map allows.
  assert.deepEqual(volumeFlags({ ...BASE, facts: { ...DEFAULT_FACTS, volumeTagActions: ['translate', 'undefine'] } }), ['VOLUME_IDENTIFICATION', 'VOLUME_SEARCH', 'VOLUME_UNDEFINE']);
  assert.deepEqual(volumeFlags({ ...BASE, supportedOpcodes: new Set([Opcode.SEND_VOLUME_TAG]) }), []);
});

test('a cleaner slot from the fact table: one storage element fewer, the vendor number, and the IE ports numbered after every slot', () => {
  const p = parametersFrom({ ...BASE, facts: { ...DEFAULT_FACTS, cleanerSlotNumber: 24 } });
  assert.deepEqual([p.numberStorageElements, p.numberCleanerSlots, p.firstCleanerSlotAddress, p.firstIEPortNumber], [23, 1, 24, 25]);
  assert.equal(hasFeature(p.features0, Features0.CLEANER_SLOT), true);
});

test('drives without cleaners: no cleaning flags, no cleaner slot, DriveCleanTimeout 0', () => {
  const p = parametersFrom({ ...BASE, facts: { ...DEFAULT_FACTS, driveCleaningRequired: false, cleanerSlotNumber: 24, cleanerAccessNotValid: true } });
  assert.deepEqual([p.numberStorageElements, p.numberCleanerSlots, p.driveCleanTimeout], [24, 0, 0]);
  for (const f of [Features0.DRIVE_CLEANING_REQUIRED, Features0.CLEANER_SLOT, Features0.CLEANER_ACCESS_NOT_VALID]) assert.equal(hasFeature(p.features0, f), false);
  assert.equal(parametersFrom({ ...BASE, facts: { ...DEFAULT_FACTS, cleaningSeconds: 75 } }).driveCleanTimeout, 150);
});

test('a keypad the host can lock, and a door that needs empty drives, come from the fact table', () => {
  const p = parametersFrom({ ...BASE, facts: { ...DEFAULT_FACTS, keypadLock: true, driveEmptyOnDoorAccess: true } });
  assert.equal(hasFeature(p.features0, Features0.KEYPAD_ENABLE_DISABLE), true);
  assert.equal(hasFeature(p.features0, Features0.DRIVE_EMPTY_ON_DOOR_ACCESS), true);
  assert.equal(p.lockUnlockCapabilities, 0x07);
  assert.equal(hasFeature(p.features1, Features1.TRUE_EXCHANGE_CAPABLE), false);
});
