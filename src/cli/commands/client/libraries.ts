import type { LibraryDetail, LibrarySummary } from '../../../rsm/service.ts';
import { writeJson, writeLine } from '../../output.ts';
import type { ClientContext } from './clientContext.ts';
import { writeTable } from './table.ts';

/** `changer libraries [name]`: every library of the manager, or one with its drives. */
export async function librariesCommand(ctx: ClientContext, name: string | undefined): Promise<void> {
  if (name !== undefined) return libraryDetail(ctx, await ctx.client.library(name));
  const libraries = await ctx.client.libraries();
  if (ctx.output.json) return writeJson(ctx.output, libraries);
  writeTable(ctx.output, ['LIBRARY', 'STATE', 'OWNED', 'SLOTS', 'DRIVES', 'MAILSLOTS', 'MEDIA', 'QUEUED', 'PRODUCT'], libraries.map((l) => [
    l.name, l.state, l.ownedHere ? 'here' : (l.lease?.ownerId ?? 'no'), l.slotCount, l.driveCount, l.ieportCount, l.mediaCount, l.queuedRequests, product(l),
  ]));
}

function product(l: LibrarySummary): string {
  return l.product === null ? '' : `${l.product.vendorId} ${l.product.productId}`.trim();
}

function libraryDetail(ctx: ClientContext, l: LibraryDetail): void {
  if (ctx.output.json) return writeJson(ctx.output, l);
  writeLine(ctx.output, `library ${l.name}: ${l.state}, ${l.ownedHere ? 'owned by this manager' : 'not owned by this manager'}`);
  writeLine(ctx.output, `device ${l.deviceUrl}${product(l) === '' ? '' : ` (${product(l)}${l.product?.serialNumber ? `, s/n ${l.product.serialNumber}` : ''})`}`);
  const full = (type: string): number => l.elements.filter((e) => e.type === type && e.state === 'full').length;
  writeLine(ctx.output, `${l.slotCount} slots (${full('slot')} full), ${l.driveCount} drives, ${l.ieportCount} mailslots (${full('ieport')} full), ${l.mediaCount} media, ${l.queuedRequests} requests queued`);
  writeLine(ctx.output);
  writeTable(ctx.output, ['DRIVE', 'STATE', 'BARCODE', 'SERIAL', 'DEVICE', 'READS', 'WRITES', 'MOUNTS', 'NOTES'], l.drives.map((d) => [
    `drive:${d.index}`, d.state, d.barcode, d.serialNumber, d.devicePath, d.mediaTypesRead.join(','), d.mediaTypesWritten.join(','), d.mountCount,
    d.needsCleaning ? 'needs cleaning' : '',
  ]));
}
