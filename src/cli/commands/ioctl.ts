import type { Changer } from '../../driver/changer.ts';
import { ChangerErrorCodes, type ChangerErrorCode } from '../../shared/changerError.ts';
import type { IoctlResult } from '../../driver/deviceIoControl.ts';
import { ElementType } from '../../driver/elementType.ts';
import { CHANGER_IOCTLS, STORAGE_IOCTLS, ioctlName, type IoctlDefinition } from '../../driver/winioctl/index.ts';
import { withChanger, type CommandContext } from '../context.ts';
import { parseElementArgument } from '../elementArgument.ts';
import { ExitCode, exitCodeFor } from '../exitCodes.ts';
import { writeJson, writeLine } from '../output.ts';
import { UsageError } from '../usageError.ts';
import { hexRow, parseHex } from './raw.ts';

export interface IoctlOptions {
  readonly in?: string;
  readonly outLength?: string;
  readonly drive?: string;
}

/** Room for every answer of a library of a few hundred elements, _EX stride included. */
const DEFAULT_OUTPUT_LENGTH = 65_536;
const KNOWN: readonly IoctlDefinition[] = [...CHANGER_IOCTLS, ...STORAGE_IOCTLS];

/**
 * `changer ioctl <NAME|code> [--in HEX] [--out-length N] [--drive drive:N]`: one DeviceIoControl
 * with Windows byte buffers, like `raw` one level up — through the class driver's length checks
 * and the Windows structures. Changer codes go to the changer; drive-side codes
 * (IOCTL_STORAGE_GET_MEDIA_TYPES_EX) to the drive named by --drive, found by its serial number.
 * Prints the NTSTATUS and the output bytes; returns the exit code the status calls for.
 */
export async function ioctlCommand(ctx: CommandContext, codeText: string, options: IoctlOptions): Promise<number> {
  const code = parseIoctlCode(codeText);
  const input = options.in === undefined ? new Uint8Array(0) : parseHex(options.in, '--in');
  const outputLength = options.outLength === undefined ? DEFAULT_OUTPUT_LENGTH : Number(options.outLength);
  if (!Number.isInteger(outputLength) || outputLength < 0 || outputLength > 0xffffffff) {
    throw new UsageError(`--out-length must be a byte count 0..4294967295, not '${options.outLength}'`);
  }
  const storage = STORAGE_IOCTLS.some((d) => d.code === code);
  if (storage && options.drive === undefined) throw new UsageError(`${ioctlName(code)} goes to a drive, not the changer: add --drive drive:N`);
  const result = await withChanger(ctx, (changer) =>
    options.drive === undefined ? changer.deviceIoControl(code, input, outputLength) : driveIoctl(changer, ctx.device, options.drive, code, input, outputLength));
  print(ctx, code, result);
  return result.status === 0 ? ExitCode.OK : exitCodeForStatus(result.status);
}

/** A name with or without its IOCTL_CHANGER_ / IOCTL_STORAGE_ prefix, any case, or the code in hex or decimal. */
export function parseIoctlCode(text: string): number {
  if (/^(0x[0-9a-f]{1,8}|\d{1,10})$/i.test(text)) {
    const code = Number(text);
    if (code <= 0xffffffff) return code;
  }
  const upper = text.toUpperCase();
  const hit = KNOWN.find((d) => d.name === upper || d.name === `IOCTL_CHANGER_${upper}` || d.name === `IOCTL_STORAGE_${upper}`);
  if (hit === undefined) {
    throw new UsageError(`'${text}' is not a control code: give a number (0x00304000) or one of ${KNOWN.map((d) => d.name.replace(/^IOCTL_(CHANGER|STORAGE)_/, '')).join(', ')}`);
  }
  return hit.code;
}

/** The drive's own device: the one whose serial number the changer reports for that drive element. */
async function driveIoctl(changer: Changer, changerUrl: string, driveText: string, code: number, input: Uint8Array, outputLength: number): Promise<IoctlResult> {
  const element = parseElementArgument(driveText.includes(':') ? driveText : `drive:${driveText}`, changer.cachedParameters);
  if (element.type !== ElementType.Drive) throw new UsageError(`--drive takes a drive (drive:N), not '${driveText}'`);
  const [status] = await changer.getElementStatus({ element, count: 1, volumeTagInfo: false });
  const { discoverTapeDrives, TapeDrive } = await import('../../driver/tape/index.ts');
  const { matchDriveDevices } = await import('../../storage/driveMapping.ts');
  const url = matchDriveDevices([{ index: element.index, serialNumber: status?.driveIdentity?.serialNumber }], await discoverTapeDrives(changerUrl)).get(element.index);
  if (url === undefined) {
    throw new UsageError(`${driveText}: no tape device answers with the serial number the changer reports for it (${status?.driveIdentity?.serialNumber ?? 'none reported'})`);
  }
  const drive = await TapeDrive.open(url);
  try {
    return await drive.deviceIoControl(code, input, outputLength);
  } finally {
    await drive.close();
  }
}

function print(ctx: CommandContext, code: number, r: IoctlResult): void {
  const codeHex = hex32(code);
  const statusHex = hex32(r.status);
  const bytes = Buffer.from(r.output);
  if (ctx.output.json) {
    writeJson(ctx.output, { ioctl: ioctlName(code), code: codeHex, status: statusHex, statusName: r.statusName, bytesReturned: bytes.length, output: bytes.toString('hex'), message: r.message ?? null });
    return;
  }
  writeLine(ctx.output, `${ioctlName(code)} (${codeHex}): ${r.statusName} (${statusHex})${r.message === undefined ? '' : `: ${r.message}`}`);
  if (bytes.length === 0) return;
  writeLine(ctx.output, `Output (${bytes.length} bytes):`);
  for (let i = 0; i < bytes.length; i += 16) writeLine(ctx.output, ` ${i.toString(16).padStart(4, '0')}  ${hexRow(bytes.subarray(i, i + 16))}`);
}

function hex32(v: number): string {
  return '0x' + (v >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** The exit code of the driver code with this NTSTATUS (DEVICE_BUSY and RESERVATION_CONFLICT share one, and one exit code). */
function exitCodeForStatus(status: number): number {
  const hit = (Object.entries(ChangerErrorCodes) as [ChangerErrorCode, { ntStatus: number }][]).find(([, s]) => s.ntStatus === status);
  return hit === undefined ? ExitCode.FAILURE : exitCodeFor(hit[0]);
}
