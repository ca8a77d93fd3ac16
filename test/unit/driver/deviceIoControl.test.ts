import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Changer } from '../../../src/driver/changer.ts';
import { ChangerError } from '../../../src/shared/changerError.ts';
import type { ChangerParameters } from '../../../src/driver/changerParameters.ts';
import { ElementType as T } from '../../../src/driver/elementType.ts';
import { AccessControl, VolumeTagAction } from '../../../src/driver/requests.ts';
import {
  IOCTL_CHANGER_EXCHANGE_MEDIUM, IOCTL_CHANGER_GET_ELEMENT_STATUS, IOCTL_CHANGER_GET_PARAMETERS, IOCTL_CHANGER_GET_PRODUCT_DATA,
  IOCTL_CHANGER_GET_STATUS, IOCTL_CHANGER_INITIALIZE_ELEMENT_STATUS, IOCTL_CHANGER_MOVE_MEDIUM, IOCTL_CHANGER_QUERY_VOLUME_TAGS,
  IOCTL_CHANGER_REINITIALIZE_TRANSPORT, IOCTL_CHANGER_SET_ACCESS, IOCTL_CHANGER_SET_POSITION, IOCTL_STORAGE_GET_MEDIA_TYPES_EX,
  encodeChangerElement, encodeChangerExchangeMedium, encodeChangerInitializeElementStatus, encodeChangerMoveMedium,
  encodeChangerReadElementStatus, encodeChangerSendVolumeTagInformation, encodeChangerSetAccess, encodeChangerSetPosition,
  encodeGetChangerParameters,
} from '../../../src/driver/winioctl/index.ts';
import { FULL } from '../../helpers/parameters.ts';
import { RecordingMiniclass } from '../../helpers/recordingMiniclass.ts';

const STATUS_SUCCESS = 0x00000000;
const STATUS_INFO_LENGTH_MISMATCH = 0xc0000004;
const STATUS_BUFFER_TOO_SMALL = 0xc0000023;
const STATUS_BUFFER_OVERFLOW = 0x80000005;
const STATUS_INVALID_PARAMETER = 0xc000000d;
const STATUS_INVALID_DEVICE_REQUEST = 0xc0000010;
const STATUS_ILLEGAL_ELEMENT_ADDRESS = 0xc0000285;
const STATUS_SOURCE_ELEMENT_EMPTY = 0xc0000283;
const STATUS_INVALID_HANDLE = 0xc0000008;

const el = (type: T, index: number) => ({ type, index });
const t0 = el(T.Transport, 0);

async function withChanger(p: ChangerParameters, body: (c: Changer, mini: RecordingMiniclass) => Promise<void>): Promise<void> {
  const mini = new RecordingMiniclass(p);
  const changer = await Changer.open(`test:${randomUUID()}`, { owner: 'ioctl test', connect: async () => mini });
  try {
    await body(changer, mini);
  } finally {
    await changer.close();
  }
}

/** A CHANGER_READ_ELEMENT_STATUS whose NumberOfElements is written raw, even past what the model allows. */
function readElementStatus(type: T, index: number, count: number): Uint8Array {
  const b = encodeChangerReadElementStatus({ element: el(type, index), count: 1, volumeTagInfo: false });
  new DataView(b.buffer, b.byteOffset).setUint32(8, count, true);
  return b;
}

test('GET_PARAMETERS: 59 bytes of output is STATUS_INFO_LENGTH_MISMATCH; 60 returns the structure', async () => {
  await withChanger(FULL, async (c) => {
    const short = await c.deviceIoControl(IOCTL_CHANGER_GET_PARAMETERS, new Uint8Array(0), 59);
    assert.equal(short.status, STATUS_INFO_LENGTH_MISMATCH);
    assert.equal(short.statusName, 'STATUS_INFO_LENGTH_MISMATCH');
    assert.equal(short.output.length, 0);
    const r = await c.deviceIoControl(IOCTL_CHANGER_GET_PARAMETERS, new Uint8Array(0), 4096);
    assert.equal(r.status, STATUS_SUCCESS);
    assert.deepEqual(r.output, encodeGetChangerParameters(FULL));
    assert.deepEqual([...r.output.subarray(0, 4)], [0x3c, 0, 0, 0]);
  });
});

test('GET_PRODUCT_DATA: 60 bytes is STATUS_INFO_LENGTH_MISMATCH; 61 returns vendor, product, revision, serial and device type 8', async () => {
  await withChanger(FULL, async (c) => {
    assert.equal((await c.deviceIoControl(IOCTL_CHANGER_GET_PRODUCT_DATA, new Uint8Array(0), 60)).status, STATUS_INFO_LENGTH_MISMATCH);
    const r = await c.deviceIoControl(IOCTL_CHANGER_GET_PRODUCT_DATA, new Uint8Array(0), 61);
    assert.equal(r.status, STATUS_SUCCESS);
    assert.equal(r.output.length, 61);
    assert.equal(Buffer.from(r.output.subarray(0, 28)).toString('latin1'), 'CHANGER TEST            0001');
    assert.equal(r.output[60], 8);
  });
});

test('GET_STATUS takes no buffers and returns nothing', async () => {
  await withChanger(FULL, async (c, mini) => {
    const r = await c.deviceIoControl(IOCTL_CHANGER_GET_STATUS, new Uint8Array(0), 0);
    assert.deepEqual([r.status, r.output.length], [STATUS_SUCCESS, 0]);
    assert.deepEqual(mini.routines(), ['getStatus']);
  });
});

test('every input structure one byte short is STATUS_INFO_LENGTH_MISMATCH and reaches no routine', async () => {
  const inputs: [number, Uint8Array][] = [
    [IOCTL_CHANGER_SET_ACCESS, encodeChangerSetAccess({ element: el(T.IEPort, 0), control: AccessControl.Lock })],
    [IOCTL_CHANGER_GET_ELEMENT_STATUS, encodeChangerReadElementStatus({ element: el(T.Slot, 0), count: 1, volumeTagInfo: false })],
    [IOCTL_CHANGER_INITIALIZE_ELEMENT_STATUS, encodeChangerInitializeElementStatus({ element: el(T.AllElements, 0), count: 0, barCodeScan: false })],
    [IOCTL_CHANGER_SET_POSITION, encodeChangerSetPosition({ transport: t0, destination: el(T.Slot, 0), flip: false })],
    [IOCTL_CHANGER_EXCHANGE_MEDIUM, encodeChangerExchangeMedium({ transport: t0, source: el(T.Slot, 0), destination1: el(T.Drive, 0), destination2: el(T.Slot, 0), flip1: false, flip2: false })],
    [IOCTL_CHANGER_MOVE_MEDIUM, encodeChangerMoveMedium({ transport: t0, source: el(T.Slot, 0), destination: el(T.Drive, 0), flip: false })],
    [IOCTL_CHANGER_REINITIALIZE_TRANSPORT, encodeChangerElement(t0)],
    [IOCTL_CHANGER_QUERY_VOLUME_TAGS, encodeChangerSendVolumeTagInformation({ startingElement: el(T.Slot, 0), action: VolumeTagAction.SearchAll, template: 'A*' })],
  ];
  assert.deepEqual(inputs.map(([, b]) => b.length), [12, 16, 16, 20, 36, 28, 8, 52]);
  await withChanger(FULL, async (c, mini) => {
    for (const [code, input] of inputs) {
      const r = await c.deviceIoControl(code, input.subarray(0, input.length - 1), 4096);
      assert.equal(r.status, STATUS_INFO_LENGTH_MISMATCH, r.message);
      assert.match(r.message ?? '', new RegExp(`the input buffer needs at least ${input.length} bytes, given ${input.length - 1}`));
    }
    assert.deepEqual(mini.routines(), []);
    // Whole, each reaches its routine.
    for (const [code, input] of inputs) assert.equal((await c.deviceIoControl(code, input, 4096)).status, STATUS_SUCCESS);
    assert.deepEqual(mini.routines(), ['setAccess', 'getElementStatus', 'initializeElementStatus', 'setPosition', 'exchangeMedium', 'moveMedium', 'reinitializeTransport', 'queryVolumeTags']);
  });
});

test('QUERY_VOLUME_TAGS: 103 bytes of output is STATUS_INFO_LENGTH_MISMATCH; no match is 104 bytes with NumberOfElements 0', async () => {
  await withChanger(FULL, async (c) => {
    const input = encodeChangerSendVolumeTagInformation({ startingElement: el(T.Slot, 0), action: VolumeTagAction.SearchAll, template: 'A*' });
    const short = await c.deviceIoControl(IOCTL_CHANGER_QUERY_VOLUME_TAGS, input, 103);
    assert.equal(short.status, STATUS_INFO_LENGTH_MISMATCH);
    assert.match(short.message ?? '', /the output buffer needs at least 104 bytes, given 103/);
    const r = await c.deviceIoControl(IOCTL_CHANGER_QUERY_VOLUME_TAGS, input, 104);
    assert.equal(r.status, STATUS_SUCCESS);
    assert.equal(r.output.length, 104);
    assert.deepEqual([...r.output.subarray(0, 4)], [0, 0, 0, 0]);
  });
});

test('GET_ELEMENT_STATUS: N × 100 bytes gets the 100-byte stride, N × 156 the _EX stride, less than N × 100 STATUS_BUFFER_TOO_SMALL', async () => {
  await withChanger(FULL, async (c) => {
    const input = readElementStatus(T.Slot, 2, 3);
    const tooSmall = await c.deviceIoControl(IOCTL_CHANGER_GET_ELEMENT_STATUS, input, 299);
    assert.equal(tooSmall.status, STATUS_BUFFER_TOO_SMALL);
    assert.equal(tooSmall.statusName, 'STATUS_BUFFER_TOO_SMALL');
    const plain = await c.deviceIoControl(IOCTL_CHANGER_GET_ELEMENT_STATUS, input, 300);
    assert.deepEqual([plain.status, plain.output.length], [STATUS_SUCCESS, 300]);
    const stillPlain = await c.deviceIoControl(IOCTL_CHANGER_GET_ELEMENT_STATUS, input, 467);
    assert.equal(stillPlain.output.length, 300);
    const ex = await c.deviceIoControl(IOCTL_CHANGER_GET_ELEMENT_STATUS, input, 468);
    assert.deepEqual([ex.status, ex.output.length], [STATUS_SUCCESS, 468]);
    // The third entry starts at 2 × stride: ElementType 2 (slot), ElementAddress 4.
    const view = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);
    assert.deepEqual([view(plain.output, 200), view(plain.output, 204)], [T.Slot, 4]);
    assert.deepEqual([view(ex.output, 312), view(ex.output, 316)], [T.Slot, 4]);
  });
});

test('GET_ELEMENT_STATUS: NumberOfElements 0 is STATUS_INVALID_PARAMETER; one past 0xFFFFFFFF / 156 is STATUS_BUFFER_OVERFLOW', async () => {
  await withChanger(FULL, async (c, mini) => {
    assert.equal((await c.deviceIoControl(IOCTL_CHANGER_GET_ELEMENT_STATUS, readElementStatus(T.Slot, 0, 0), 4096)).status, STATUS_INVALID_PARAMETER);
    // 0 entries need 0 bytes, so an empty output buffer passes the size check and fails on N.
    assert.equal((await c.deviceIoControl(IOCTL_CHANGER_GET_ELEMENT_STATUS, readElementStatus(T.Slot, 0, 0), 0)).status, STATUS_INVALID_PARAMETER);
    assert.equal((await c.deviceIoControl(IOCTL_CHANGER_GET_ELEMENT_STATUS, readElementStatus(T.Slot, 0, 27_531_842), 0xffffffff)).status, STATUS_BUFFER_OVERFLOW);
    // 27 531 841 × 156 still fits 32 bits: that is a buffer too small, not an overflow.
    assert.equal((await c.deviceIoControl(IOCTL_CHANGER_GET_ELEMENT_STATUS, readElementStatus(T.Slot, 0, 27_531_841), 4096)).status, STATUS_BUFFER_TOO_SMALL);
    assert.deepEqual(mini.routines(), []);
  });
});

test('bad field values are STATUS_INVALID_PARAMETER; an index out of range STATUS_ILLEGAL_ELEMENT_ADDRESS; a device failure its own status', async () => {
  await withChanger(FULL, async (c, mini) => {
    const badControl = encodeChangerSetAccess({ element: el(T.IEPort, 0), control: AccessControl.Lock });
    badControl[8] = 7;
    const r1 = await c.deviceIoControl(IOCTL_CHANGER_SET_ACCESS, badControl, 0);
    assert.equal(r1.status, STATUS_INVALID_PARAMETER);
    assert.match(r1.message ?? '', /Control/);
    const badType = encodeChangerMoveMedium({ transport: t0, source: el(T.Slot, 0), destination: el(T.Drive, 0), flip: false });
    badType[8] = 9;
    assert.equal((await c.deviceIoControl(IOCTL_CHANGER_MOVE_MEDIUM, badType, 0)).status, STATUS_INVALID_PARAMETER);
    const farSlot = encodeChangerMoveMedium({ transport: t0, source: el(T.Slot, 99), destination: el(T.Drive, 0), flip: false });
    assert.equal((await c.deviceIoControl(IOCTL_CHANGER_MOVE_MEDIUM, farSlot, 0)).status, STATUS_ILLEGAL_ELEMENT_ADDRESS);
    assert.deepEqual(mini.routines(), []);
    mini.failWith = new ChangerError('SOURCE_ELEMENT_EMPTY', 'slot 0 is empty');
    const empty = await c.deviceIoControl(IOCTL_CHANGER_MOVE_MEDIUM, encodeChangerMoveMedium({ transport: t0, source: el(T.Slot, 0), destination: el(T.Drive, 0), flip: false }), 0);
    assert.deepEqual([empty.status, empty.statusName, empty.message], [STATUS_SOURCE_ELEMENT_EMPTY, 'STATUS_SOURCE_ELEMENT_EMPTY', 'slot 0 is empty']);
  });
});

test('a code that is no IOCTL_CHANGER_* code is STATUS_INVALID_DEVICE_REQUEST; a closed changer STATUS_INVALID_HANDLE', async () => {
  const mini = new RecordingMiniclass(FULL);
  const c = await Changer.open(`test:${randomUUID()}`, { owner: 'ioctl test', connect: async () => mini });
  const r = await c.deviceIoControl(IOCTL_STORAGE_GET_MEDIA_TYPES_EX, new Uint8Array(0), 4096);
  assert.equal(r.status, STATUS_INVALID_DEVICE_REQUEST);
  assert.equal(r.message, 'IOCTL_STORAGE_GET_MEDIA_TYPES_EX is not a changer control code this driver handles');
  assert.equal((await c.deviceIoControl(0x00304003, new Uint8Array(0), 0)).message, '0x00304003 is not a changer control code this driver handles');
  await c.close();
  assert.equal((await c.deviceIoControl(IOCTL_CHANGER_GET_STATUS, new Uint8Array(0), 0)).status, STATUS_INVALID_HANDLE);
});
