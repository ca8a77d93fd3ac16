import type { MtxDrive, MtxInventory, MtxSlot } from './mtxInventory.ts';

/** The identifier part of a volume tag field (SMC: 32 bytes, space padded). */
const TAG_FIELD_LENGTH = 32;

/**
 * A tag as mtx prints it: the whole space-padded field (mtx prints the device's bytes, so the
 * padding shows — Bacula's listall keeps it), cut at the first byte mtx turns into a NUL
 * (below 32 or above 127). undefined when nothing would be printed at all.
 */
export function mtxTagText(tag: string | undefined): string | undefined {
  if (tag === undefined) return undefined;
  const field = tag.padEnd(TAG_FIELD_LENGTH, ' ');
  const cut = field.search(/[^\x20-\x7f]/);
  const text = cut < 0 ? field : field.slice(0, cut);
  return text === '' ? undefined : text;
}

/** Drive lines write ` = ` and storage lines `=`: parsers (Bacula's awk $10) depend on it. */
function tagSuffix(primary: string | undefined, alternate: string | undefined, separator: string): string {
  const p = mtxTagText(primary);
  const a = mtxTagText(alternate);
  return (p === undefined ? '' : `:VolumeTag${separator}${p}`) + (a === undefined ? '' : `:AlternateVolumeTag${separator}${a}`);
}

function driveLine(drive: MtxDrive, number: number): string {
  if (!drive.full) return `Data Transfer Element ${number}:Empty`;
  const source = drive.sourceSlot >= 0 ? `Full (Storage Element ${drive.sourceSlot + 1} Loaded)` : 'Full (Unknown Storage Element Loaded)';
  return `Data Transfer Element ${number}:${source}${tagSuffix(drive.primaryTag, drive.alternateTag, ' = ')}`;
}

/** `Full ` keeps its trailing space even with no tag after it, as mtx prints it. */
function slotLine(slot: MtxSlot, number: number): string {
  const kind = slot.importExport ? ' IMPORT/EXPORT' : '';
  return `      Storage Element ${number}${kind}:${slot.full ? 'Full ' : 'Empty'}${tagSuffix(slot.primaryTag, slot.alternateTag, '=')}`;
}

/** The text of `mtx status`, byte for byte (smc.md §6.2); `device` is the name shown in the header. */
export function formatStatus(device: string, inventory: MtxInventory): string {
  const header = `  Storage Changer ${device}:${inventory.drives.length} Drives, ${inventory.slots.length} Slots ( ${inventory.importExportCount} Import/Export )`;
  const lines = [header, ...inventory.drives.map((d, i) => driveLine(d, i)), ...inventory.slots.map((s, i) => slotLine(s, i + 1))];
  return lines.join('\n') + '\n';
}
