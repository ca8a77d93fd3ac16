import { PRIORITY_HIGHEST, PRIORITY_LOWEST } from '../../../rsm/catalog/index.ts';
import type { DismountOrder, MountOrder, RequestView } from '../../../rsm/service.ts';
import { UsageError } from '../../usageError.ts';
import { driveNumber, driveOrBarcode, optionalInteger, secondsOption } from './arguments.ts';
import { libraryOf, type ClientContext } from './clientContext.ts';
import { followRequest } from './followRequest.ts';

export interface MountOptions {
  readonly pool?: string;
  /** The medium by its catalog id (what `media allocate --json` answers), instead of a barcode. */
  readonly id?: string;
  readonly drive?: string;
  readonly side?: string;
  readonly write?: boolean;
  readonly priority?: string;
  readonly timeout?: string;
  readonly wait?: boolean;
}

export function priorityOption(text: string | undefined): number | undefined {
  return optionalInteger(text, '--priority', PRIORITY_LOWEST, PRIORITY_HIGHEST);
}

function driveOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const drive = driveNumber(text);
  if (drive === undefined) throw new UsageError(`--drive takes a drive number (0, 1, …), not '${text}'`);
  return drive;
}

/** `changer media mount <barcode> | --pool P`: a named medium, or a scratch one allocated from the pool. */
export async function mountCommand(ctx: ClientContext, barcode: string | undefined, options: MountOptions): Promise<RequestView> {
  if (barcode === undefined && options.pool === undefined && options.id === undefined) throw new UsageError('name the medium to mount (a barcode, or --id) or a pool to take a scratch medium from (--pool)');
  const checked = {
    ...(barcode !== undefined ? { barcode } : {}),
    ...(options.id !== undefined ? { mediumId: options.id } : {}),
    ...(options.pool !== undefined ? { pool: options.pool } : {}),
    drive: driveOption(options.drive),
    side: optionalInteger(options.side, '--side', 0, 1),
    access: options.write === true ? 'write' : 'read',
    priority: priorityOption(options.priority),
    timeoutMs: secondsOption(options.timeout, '--timeout'),
  } as const;
  const order: MountOrder = { library: await libraryOf(ctx), ...checked };
  const submitted = await ctx.client.mount(order);
  return followRequest(ctx, submitted, {
    wait: options.wait !== false,
    done: async (r) => `${r.barcode ?? 'medium'} mounted in drive ${await mountedDrive(ctx, r)} (library ${r.libraryName})${whereToWrite(r)}`,
  });
}

/** The drive's serial and device on a line of their own: what the backup host opens next. */
function whereToWrite(r: RequestView): string {
  const drive = r.drive;
  if (drive === null || (drive.serialNumber === null && drive.deviceUrl === null)) return '';
  const parts = [drive.serialNumber === null ? null : `serial ${drive.serialNumber}`, drive.deviceUrl === null ? null : `device ${drive.deviceUrl}`];
  return `\n  drive ${drive.index}: ${parts.filter((p) => p !== null).join(', ')}`;
}

/** The drive a completed mount used: the request names it when one was asked for; else the catalog says where the medium is. */
async function mountedDrive(ctx: ClientContext, r: RequestView): Promise<string> {
  if (r.driveIndex !== null) return String(r.driveIndex);
  if (r.barcode === null) return '?';
  const location = (await ctx.client.medium(r.libraryName, r.barcode)).location;
  return location.type === 'drive' ? String(location.index) : '?';
}

export interface DismountOptions {
  readonly deallocate?: boolean;
  readonly immediate?: boolean;
  readonly nearest?: boolean;
  readonly priority?: string;
  readonly timeout?: string;
  readonly wait?: boolean;
}

/** `changer media dismount <drive:N|barcode>`: empty a drive, or take a medium out of whichever drive holds it. */
export async function dismountCommand(ctx: ClientContext, target: string, options: DismountOptions): Promise<RequestView> {
  const checked = {
    ...driveOrBarcode(target),
    placement: options.nearest === true ? 'nearest' : 'home',
    deallocate: options.deallocate === true,
    ...(options.immediate === true ? { immediate: true } : {}),
    priority: priorityOption(options.priority),
    timeoutMs: secondsOption(options.timeout, '--timeout'),
  } as const;
  const order: DismountOrder = { library: await libraryOf(ctx), ...checked };
  const submitted = await ctx.client.dismount(order);
  return followRequest(ctx, submitted, {
    wait: options.wait !== false,
    done: (r) => typeof r.options.deferredMs === 'number'
      ? `${r.barcode ?? 'medium'} left in drive ${r.driveIndex ?? '?'} (library ${r.libraryName}): deferred dismount, taken out in ${Math.round(r.options.deferredMs / 1000)} s unless mounted again (--immediate takes it out now)`
      : `${r.barcode ?? 'medium'} dismounted from drive ${r.driveIndex ?? '?'} (library ${r.libraryName})`,
  });
}
