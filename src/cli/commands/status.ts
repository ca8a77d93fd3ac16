import type { ChangerParameters } from '../../driver/changerParameters.ts';
import { elementCount } from '../../driver/changerParameters.ts';
import { ElementStatusFlags, ExceptionCode, type ElementStatus } from '../../driver/elementStatus.ts';
import { ElementType } from '../../driver/elementType.ts';
import { Features0, hasFeature } from '../../driver/features.ts';
import { withoutSecret } from '../../shared/secrets.ts';
import { formatElementDisplay } from '../elementArgument.ts';
import { withChanger, type CommandContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';

/** `changer status`: every element, what it holds, with the changer's own numbering. */
export async function statusCommand(ctx: CommandContext): Promise<void> {
  await withChanger(ctx, async (changer) => {
    const p = await changer.getParameters();
    const tags = hasFeature(p.features0, Features0.BAR_CODE_SCANNER_INSTALLED);
    const statuses = await changer.getElementStatus({ element: { type: ElementType.AllElements, index: 0 }, count: elementCount(p, ElementType.AllElements), volumeTagInfo: tags });
    if (ctx.output.json) {
      writeJson(ctx.output, { device: withoutSecret(ctx.device), elements: statuses.map((s) => statusJson(s, p)) });
      return;
    }
    const rows = statuses.map((s) => [formatElementDisplay(s.element, p), stateText(s), s.primaryVolumeId ?? '', sourceText(s, p), notes(s)]);
    const header = ['ELEMENT', 'STATE', 'BARCODE', 'FROM', 'NOTES'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
    writeLine(ctx.output, line(header));
    for (const r of rows) writeLine(ctx.output, line(r));
    const full = statuses.filter((s) => (s.flags & ElementStatusFlags.FULL) !== 0).length;
    writeLine(ctx.output, `${statuses.length} elements, ${full} full`);
  });
}

function stateText(s: ElementStatus): string {
  return (s.flags & ElementStatusFlags.FULL) !== 0 ? 'full' : 'empty';
}

function sourceText(s: ElementStatus, p: ChangerParameters): string {
  return (s.flags & ElementStatusFlags.SVALID) !== 0 && s.sourceElement ? formatElementDisplay(s.sourceElement, p) : '';
}

const EXCEPTIONS: Record<number, string> = {
  [ExceptionCode.LabelUnreadable]: 'label unreadable',
  [ExceptionCode.LabelQuestionable]: 'label questionable',
  [ExceptionCode.SlotNotPresent]: 'magazine removed',
  [ExceptionCode.DriveNotInstalled]: 'drive not installed',
  [ExceptionCode.TrayMalfunction]: 'tray malfunction',
  [ExceptionCode.InitStatusNeeded]: 'inventory needed',
  [ExceptionCode.UnhandledError]: 'error',
};

function notes(s: ElementStatus): string {
  const n: string[] = [];
  if ((s.flags & ElementStatusFlags.EXCEPT) !== 0) n.push(EXCEPTIONS[s.exceptionCode] ?? `exception ${s.exceptionCode}`);
  if ((s.flags & ElementStatusFlags.ACCESS) === 0 && s.element.type !== ElementType.Transport) n.push('not accessible');
  if ((s.flags & ElementStatusFlags.IMPEXP) !== 0) n.push('placed by operator');
  if ((s.flags & ElementStatusFlags.INVERT) !== 0) n.push('inverted');
  if (s.alternateVolumeId) n.push(`side B ${s.alternateVolumeId}`);
  if (s.driveIdentity) n.push(`${s.driveIdentity.vendorId} ${s.driveIdentity.productId} s/n ${s.driveIdentity.serialNumber}`.trim());
  return n.join('; ');
}

export function statusJson(s: ElementStatus, p: ChangerParameters): Record<string, unknown> {
  return {
    element: formatElementDisplay(s.element, p),
    type: s.element.type,
    index: s.element.index,
    full: (s.flags & ElementStatusFlags.FULL) !== 0,
    accessible: (s.flags & ElementStatusFlags.ACCESS) !== 0,
    barcode: s.primaryVolumeId ?? null,
    alternateVolumeId: s.alternateVolumeId ?? null,
    source: (s.flags & ElementStatusFlags.SVALID) !== 0 && s.sourceElement ? formatElementDisplay(s.sourceElement, p) : null,
    exception: (s.flags & ElementStatusFlags.EXCEPT) !== 0 ? (EXCEPTIONS[s.exceptionCode] ?? s.exceptionCode) : null,
    flags: s.flags,
    drive: s.driveIdentity ?? null,
  };
}
