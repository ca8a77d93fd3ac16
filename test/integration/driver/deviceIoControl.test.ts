// Changer.deviceIoControl on the real stack (class driver → SMC miniclass → loopback → virtual
// library): the device's own refusals come back as the NTSTATUS values the class driver maps
// their sense data to (reference windows-changer §5.4, §4.1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ElementStatusFlags } from '../../../src/driver/elementStatus.ts';
import { ElementType as T } from '../../../src/driver/elementType.ts';
import { IOCTL_CHANGER_GET_ELEMENT_STATUS, IOCTL_CHANGER_MOVE_MEDIUM, decodeElementStatusArray, encodeChangerMoveMedium, encodeChangerReadElementStatus } from '../../../src/driver/winioctl/index.ts';
import { openStack } from './fullStack.ts';

const el = (type: T, index: number) => ({ type, index });
const move = (source: ReturnType<typeof el>, destination: ReturnType<typeof el>): Uint8Array =>
  encodeChangerMoveMedium({ transport: el(T.Transport, 0), source, destination, flip: false });

test('library-500 through deviceIoControl: empty source, full destination, open door, then a move that works', async () => {
  const s = await openStack('library-500');
  try {
    const c = s.changer;
    const slots = decodeElementStatusArray((await c.deviceIoControl(IOCTL_CHANGER_GET_ELEMENT_STATUS, encodeChangerReadElementStatus({ element: el(T.Slot, 0), count: 24, volumeTagInfo: false }), 2400)).output, 24);
    const full = slots.filter((x) => (x.flags & ElementStatusFlags.FULL) !== 0).map((x) => x.element.index);
    const empty = slots.filter((x) => (x.flags & ElementStatusFlags.FULL) === 0).map((x) => x.element.index);
    const [a, b] = full;
    const [e] = empty;
    assert.ok(a !== undefined && b !== undefined && e !== undefined);

    const fromEmpty = await c.deviceIoControl(IOCTL_CHANGER_MOVE_MEDIUM, move(el(T.Slot, e), el(T.Drive, 0)), 0);
    assert.deepEqual([fromEmpty.status, fromEmpty.statusName], [0xc0000283, 'STATUS_SOURCE_ELEMENT_EMPTY']);
    const toFull = await c.deviceIoControl(IOCTL_CHANGER_MOVE_MEDIUM, move(el(T.Slot, a), el(T.Slot, b)), 0);
    assert.deepEqual([toFull.status, toFull.statusName], [0xc0000284, 'STATUS_DESTINATION_ELEMENT_FULL']);

    await s.library.frontPanel.openDoor();
    const doorOpen = await c.deviceIoControl(IOCTL_CHANGER_MOVE_MEDIUM, move(el(T.Slot, a), el(T.Slot, e)), 0);
    assert.deepEqual([doorOpen.status, doorOpen.statusName], [0x80000289, 'STATUS_DEVICE_DOOR_OPEN']);
    await s.library.frontPanel.closeDoor();

    // The door's unit attention is the driver's to hear (it re-reads and retries); the move goes through.
    const moved = await c.deviceIoControl(IOCTL_CHANGER_MOVE_MEDIUM, move(el(T.Slot, a), el(T.Slot, e)), 0);
    assert.deepEqual([moved.status, moved.statusName, moved.output.length], [0, 'STATUS_SUCCESS', 0]);
  } finally {
    await s.close();
  }
});
