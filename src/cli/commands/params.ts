import type { ChangerParameters } from '../../driver/changerParameters.ts';
import { features0Names, features1Names } from '../../driver/features.ts';
import { withChanger, type CommandContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';

const hex = (v: number, width: number): string => '0x' + v.toString(16).toUpperCase().padStart(width, '0');

/** `changer params [--winioctl]`: GET_CHANGER_PARAMETERS, as fields or as the 60 Windows bytes. */
export async function paramsCommand(ctx: CommandContext, options: { winioctl?: boolean }): Promise<void> {
  await withChanger(ctx, async (changer) => {
    const p = await changer.getParameters();
    if (options.winioctl === true) {
      const { encodeGetChangerParameters } = await import('../../driver/winioctl/index.ts');
      const bytes = Buffer.from(encodeGetChangerParameters(p));
      if (ctx.output.json) writeJson(ctx.output, { structure: 'GET_CHANGER_PARAMETERS', size: bytes.length, hex: bytes.toString('hex') });
      else for (let i = 0; i < bytes.length; i += 16) writeLine(ctx.output, `${i.toString(16).padStart(4, '0')}  ${hexBytes(bytes.subarray(i, i + 16))}`);
      return;
    }
    if (ctx.output.json) {
      writeJson(ctx.output, { ...p, features0Names: features0Names(p.features0), features1Names: features1Names(p.features1) });
      return;
    }
    for (const line of describe(p)) writeLine(ctx.output, line);
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
