import { ChangerTo, LockUnlock } from '../../driver/capabilities.ts';
import type { ChangerParameters } from '../../driver/changerParameters.ts';
import { features0Names, features1Names } from '../../driver/features.ts';
import { withChanger, type CommandContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';

const hex = (v: number, width: number): string => '0x' + v.toString(16).toUpperCase().padStart(width, '0');

/** `changer params [--winioctl]`: GET_CHANGER_PARAMETERS, as fields or as the 60 Windows bytes, each field annotated. */
export async function paramsCommand(ctx: CommandContext, options: { winioctl?: boolean }): Promise<void> {
  await withChanger(ctx, async (changer) => {
    const p = await changer.getParameters();
    if (options.winioctl === true) {
      const { encodeGetChangerParameters } = await import('../../driver/winioctl/index.ts');
      const bytes = Buffer.from(encodeGetChangerParameters(p));
      const fields = annotate(bytes);
      if (ctx.output.json) {
        writeJson(ctx.output, { structure: 'GET_CHANGER_PARAMETERS', size: bytes.length, hex: bytes.toString('hex'), fields: fields.map((f) => ({ offset: f.offset, size: f.size, name: f.name, value: f.value })) });
        return;
      }
      writeLine(ctx.output, `GET_CHANGER_PARAMETERS, ${bytes.length} bytes, little-endian (ntddchgr.h)`);
      writeLine(ctx.output, `${'OFFSET'.padEnd(8)}${'BYTES'.padEnd(26)}${'FIELD'.padEnd(28)}VALUE`);
      for (const f of fields) {
        writeLine(ctx.output, `${hex(f.offset, 2).padEnd(8)}${hexBytes(bytes.subarray(f.offset, f.offset + f.size)).padEnd(26)}${f.name.padEnd(28)}${f.meaning}`.trimEnd());
      }
      return;
    }
    if (ctx.output.json) {
      writeJson(ctx.output, { ...p, features0Names: features0Names(p.features0), features1Names: features1Names(p.features1) });
      return;
    }
    for (const line of describe(p)) writeLine(ctx.output, line);
  });
}

interface AnnotatedField {
  readonly offset: number;
  readonly size: number;
  readonly name: string;
  readonly value: number;
  /** The value as a person reads it: a count, seconds, or the names of the flags set. */
  readonly meaning: string;
}

type Render = 'count' | 'seconds' | 'features0' | 'features1' | 'to' | 'lock' | 'reserved';

/** The structure's members in order (reference windows-changer §3.4): name, size, how to read the value. */
const LAYOUT: readonly (readonly [string, 1 | 2 | 4 | 8, Render])[] = [
  ['Size', 4, 'count'],
  ['NumberTransportElements', 2, 'count'],
  ['NumberStorageElements', 2, 'count'],
  ['NumberCleanerSlots', 2, 'count'],
  ['NumberIEElements', 2, 'count'],
  ['NumberDataTransferElements', 2, 'count'],
  ['NumberOfDoors', 2, 'count'],
  ['FirstSlotNumber', 2, 'count'],
  ['FirstDriveNumber', 2, 'count'],
  ['FirstTransportNumber', 2, 'count'],
  ['FirstIEPortNumber', 2, 'count'],
  ['FirstCleanerSlotAddress', 2, 'count'],
  ['MagazineSize', 2, 'count'],
  ['DriveCleanTimeout', 4, 'seconds'],
  ['Features0', 4, 'features0'],
  ['Features1', 4, 'features1'],
  ['MoveFromTransport', 1, 'to'],
  ['MoveFromSlot', 1, 'to'],
  ['MoveFromIePort', 1, 'to'],
  ['MoveFromDrive', 1, 'to'],
  ['ExchangeFromTransport', 1, 'to'],
  ['ExchangeFromSlot', 1, 'to'],
  ['ExchangeFromIePort', 1, 'to'],
  ['ExchangeFromDrive', 1, 'to'],
  ['LockUnlockCapabilities', 1, 'lock'],
  ['PositionCapabilities', 1, 'to'],
  ['Reserved1', 2, 'reserved'],
  ['Reserved2', 8, 'reserved'],
];

function flagNames(value: number, table: Readonly<Record<string, number>>, prefix: string): string[] {
  return Object.entries(table).filter(([, bit]) => (value & bit) !== 0).map(([name]) => prefix + name);
}

function meaning(render: Render, value: number, width: number): string {
  switch (render) {
    case 'count':
      return String(value);
    case 'seconds':
      return `${value} s`;
    case 'features0':
      return [hex(value, 8), ...features0Names(value).map((n) => `CHANGER_${n}`)].join(' ');
    case 'features1':
      return [hex(value, 8), ...features1Names(value).map((n) => `CHANGER_${n}`)].join(' ');
    case 'to':
      return [hex(value, 2), ...flagNames(value, ChangerTo, 'CHANGER_TO_')].join(' ');
    case 'lock':
      return [hex(value, 2), ...flagNames(value, LockUnlock, 'LOCK_UNLOCK_')].join(' ');
    case 'reserved':
      return '(reserved)' + (value === 0 ? '' : ` ${hex(value, width * 2)}`);
  }
}

/** Every member of the 60 bytes with its offset and what its value means. */
function annotate(bytes: Buffer): AnnotatedField[] {
  let offset = 0;
  return LAYOUT.map(([name, size, render]) => {
    const value = size === 1 ? bytes.readUInt8(offset) : size === 2 ? bytes.readUInt16LE(offset) : size === 4 ? bytes.readUInt32LE(offset) : Number(bytes.readBigUInt64LE(offset));
    const field = { offset, size, name, value, meaning: meaning(render, value, size) };
    offset += size;
    return field;
  });
}

function hexBytes(b: Buffer): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

function describe(p: ChangerParameters): string[] {
  const rows: [string, string][] = [
    ['NumberTransportElements', String(p.numberTransportElements)],
    ['NumberStorageElements', String(p.numberStorageElements)],
    ['NumberCleanerSlots', String(p.numberCleanerSlots)],
    ['NumberIEElements', String(p.numberIEElements)],
    ['NumberDataTransferElements', String(p.numberDataTransferElements)],
    ['NumberOfDoors', String(p.numberOfDoors)],
    ['FirstSlotNumber', String(p.firstSlotNumber)],
    ['FirstDriveNumber', String(p.firstDriveNumber)],
    ['FirstTransportNumber', String(p.firstTransportNumber)],
    ['FirstIEPortNumber', String(p.firstIEPortNumber)],
    ['FirstCleanerSlotAddress', String(p.firstCleanerSlotAddress)],
    ['MagazineSize', String(p.magazineSize)],
    ['DriveCleanTimeout', `${p.driveCleanTimeout} s`],
    ['Features0', `${hex(p.features0, 8)} ${features0Names(p.features0).join(' ')}`],
    ['Features1', `${hex(p.features1, 8)} ${features1Names(p.features1).join(' ')}`],
    ['MoveFromTransport', hex(p.moveFromTransport, 2)],
    ['MoveFromSlot', hex(p.moveFromSlot, 2)],
    ['MoveFromIePort', hex(p.moveFromIePort, 2)],
    ['MoveFromDrive', hex(p.moveFromDrive, 2)],
    ['ExchangeFromTransport', hex(p.exchangeFromTransport, 2)],
    ['ExchangeFromSlot', hex(p.exchangeFromSlot, 2)],
    ['ExchangeFromIePort', hex(p.exchangeFromIePort, 2)],
    ['ExchangeFromDrive', hex(p.exchangeFromDrive, 2)],
    ['LockUnlockCapabilities', hex(p.lockUnlockCapabilities, 2)],
    ['PositionCapabilities', hex(p.positionCapabilities, 2)],
  ];
  return rows.map(([k, v]) => `${k.padEnd(28)}${v}`);
}
