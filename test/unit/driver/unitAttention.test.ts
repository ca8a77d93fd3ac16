// The class driver tells whoever opened the changer when the library's element status may have
// changed: each unit attention in the driver's one list reaches onElementStatusMayHaveChanged
// exactly once (the command that met it still succeeds), any other attention never does. The
// device is the virtual library over loopback; a scripted transport in front of it answers chosen
// commands with a unit attention, as a library does when it queued one for this initiator.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Changer } from '../../../src/driver/changer.ts';
import { SmcMiniclass } from '../../../src/driver/smc/smcMiniclass.ts';
import { changesElementStatus, type UnitAttention } from '../../../src/driver/unitAttention.ts';
import { VirtualLibrary } from '../../../src/emulator/index.ts';
import type { ScsiRequest, ScsiResult } from '../../../src/scsi/device.ts';
import { LoopbackTransport } from '../../../src/transport/loopback.ts';
import type { ScsiTransport } from '../../../src/transport/scsiTransport.ts';
import { ChangerError } from '../../../src/shared/changerError.ts';

/** Fixed-format sense data (SPC-4 4.5.3): response code 70h, key, additional length 10, ASC, ASCQ. */
function fixedSense(key: number, asc: number, ascq: number): Uint8Array {
  return Uint8Array.of(0x70, 0, key, 0, 0, 0, 0, 10, 0, 0, 0, 0, asc, ascq, 0, 0, 0, 0);
}

/** Answers the next commands with the queued CHECK CONDITIONs, then lets commands through to the library. */
class QueuedConditions implements ScsiTransport {
  readonly pending: Uint8Array[] = [];
  constructor(private readonly inner: ScsiTransport) {}
  get description(): string {
    return this.inner.description;
  }
  execute(request: ScsiRequest): Promise<ScsiResult> {
    const sense = this.pending.shift();
    if (sense !== undefined) return Promise.resolve({ status: 0x02, dataIn: new Uint8Array(), sense });
    return this.inner.execute(request);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const hex = (n: number): string => n.toString(16).padStart(2, '0');
const named = (a: UnitAttention): string => `${hex(a.asc)}/${hex(a.ascq)}`;

// What a library raises after a door, a mailslot, a magazine, a reset or new firmware.
const STATUS_MAY_HAVE_CHANGED: readonly UnitAttention[] = [
  { asc: 0x28, ascq: 0x00 }, { asc: 0x28, ascq: 0x01 },
  { asc: 0x29, ascq: 0x00 }, { asc: 0x29, ascq: 0x03 }, { asc: 0x29, ascq: 0x07 },
  { asc: 0x2a, ascq: 0x01 },
  { asc: 0x3b, ascq: 0x12 }, { asc: 0x3b, ascq: 0x13 },
  { asc: 0x3f, ascq: 0x01 }, { asc: 0x3f, ascq: 0x02 }, { asc: 0x3f, ascq: 0x03 }, { asc: 0x3f, ascq: 0x81 },
];

// Reservations, registrations, log pages, LUN inventory, a failure prediction: nothing about elements.
const OTHER_ATTENTIONS: readonly UnitAttention[] = [
  { asc: 0x2a, ascq: 0x02 }, { asc: 0x2a, ascq: 0x03 }, { asc: 0x2a, ascq: 0x04 }, { asc: 0x2a, ascq: 0x05 },
  { asc: 0x3f, ascq: 0x0e }, { asc: 0x5d, ascq: 0x00 },
];

let dir: string;
let library: VirtualLibrary;
let conditions: QueuedConditions;
let changer: Changer;
const heard: string[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'changer-attention-'));
  library = await VirtualLibrary.open({ dir, profile: 'library-24', instant: true });
  changer = await Changer.open(`virtual:${dir}`, {
    owner: 'unit attention test',
    connect: async (url) => {
      conditions = new QueuedConditions(new LoopbackTransport(library.device, { initiator: 'attention-test', lun: 0 }, url));
      return new SmcMiniclass(conditions);
    },
    onElementStatusMayHaveChanged: (attention) => heard.push(named(attention)),
  });
});

after(async () => {
  await changer.close();
  await library.close();
  await rm(dir, { recursive: true, force: true });
});

/** What the callback heard while `call` ran. */
async function heardDuring(call: () => Promise<unknown>): Promise<string[]> {
  heard.length = 0;
  await call();
  return heard.splice(0);
}

test('the power-on attention a new initiator meets while the changer opens is reported', () => {
  assert.deepEqual(heard.splice(0), ['29/00']);
});

test('each attention in the list reaches the callback exactly once, and the command it met succeeds', async () => {
  for (const attention of STATUS_MAY_HAVE_CHANGED) {
    assert.deepEqual(await heardDuring(async () => {
      conditions.pending.push(fixedSense(0x6, attention.asc, attention.ascq));
      await changer.getStatus();
    }), [named(attention)]);
  }
});

test('three queued attentions are each reported once, in the order the library raised them', async () => {
  assert.deepEqual(await heardDuring(async () => {
    conditions.pending.push(fixedSense(0x6, 0x29, 0x00), fixedSense(0x6, 0x28, 0x00), fixedSense(0x6, 0x3b, 0x13));
    await changer.getStatus();
  }), ['29/00', '28/00', '3b/13']);
});

test('other attentions, and the same codes under another sense key, are not reported', async () => {
  for (const attention of OTHER_ATTENTIONS) {
    assert.deepEqual(await heardDuring(async () => {
      conditions.pending.push(fixedSense(0x6, attention.asc, attention.ascq));
      await changer.getStatus();
    }), [], named(attention));
  }
  // 02/3B/12: NOT READY because the magazine is out is a failure of the command, not news.
  assert.deepEqual(await heardDuring(async () => {
    conditions.pending.push(fixedSense(0x2, 0x3b, 0x12));
    await assert.rejects(changer.getStatus(), (e: unknown) => e instanceof ChangerError && e.code === 'MAGAZINE_NOT_PRESENT');
  }), []);
});

test('an operator taking a cartridge from the mailslot is reported as 28/01 with the next command', async () => {
  await library.frontPanel.openMailslot();
  library.frontPanel.takeFromMailslot();
  await library.frontPanel.closeMailslot();
  assert.deepEqual(await heardDuring(() => changer.getStatus()), ['28/01']);
});

test('the list itself: every qualifier of 28h and 29h, only the listed qualifiers of 2Ah, 3Bh and 3Fh', () => {
  const verdicts = [...STATUS_MAY_HAVE_CHANGED, { asc: 0x28, ascq: 0x80 }, { asc: 0x29, ascq: 0x04 }, ...OTHER_ATTENTIONS, { asc: 0x3b, ascq: 0x0e }]
    .map((a) => `${named(a)} ${changesElementStatus(a) ? 'yes' : 'no'}`);
  assert.deepEqual(verdicts, [
    '28/00 yes', '28/01 yes', '29/00 yes', '29/03 yes', '29/07 yes', '2a/01 yes', '3b/12 yes', '3b/13 yes',
    '3f/01 yes', '3f/02 yes', '3f/03 yes', '3f/81 yes', '28/80 yes', '29/04 yes',
    '2a/02 no', '2a/03 no', '2a/04 no', '2a/05 no', '3f/0e no', '5d/00 no', '3b/0e no',
  ]);
});
