import { restated } from '../../shared/changerError.ts';
import { ElementType } from '../../driver/elementType.ts';
import { parseElementArgument, formatElementDisplay } from '../elementArgument.ts';
import { withChanger, type CommandContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';

const TRANSPORT0 = { type: ElementType.Transport, index: 0 };

/** `changer move <from> <to> [--invert]` */
export async function moveCommand(ctx: CommandContext, from: string, to: string, options: { invert?: boolean; transport?: string }): Promise<void> {
  await withChanger(ctx, async (changer) => {
    const p = changer.cachedParameters;
    const source = parseElementArgument(from, p);
    const destination = parseElementArgument(to, p);
    const transport = options.transport ? parseElementArgument(options.transport, p) : TRANSPORT0;
    // The driver names a failed command by SCSI element addresses; people know the elements by number.
    await changer.moveMedium({ transport, source, destination, flip: options.invert === true }).catch((e: unknown) => {
      throw restated(e, `move ${formatElementDisplay(source, p)} → ${formatElementDisplay(destination, p)}`);
    });
    const done = { moved: { from: formatElementDisplay(source, p), to: formatElementDisplay(destination, p) } };
    if (ctx.output.json) writeJson(ctx.output, done);
    else writeLine(ctx.output, `Moved ${done.moved.from} to ${done.moved.to}`);
  });
}

/** `changer exchange <source> <dest1> [dest2]` — dest2 defaults to the source (a swap). */
export async function exchangeCommand(ctx: CommandContext, source: string, dest1: string, dest2: string | undefined, options: { invert1?: boolean; invert2?: boolean }): Promise<void> {
  await withChanger(ctx, async (changer) => {
    const p = changer.cachedParameters;
    const s = parseElementArgument(source, p);
    const d1 = parseElementArgument(dest1, p);
    const d2 = dest2 === undefined ? s : parseElementArgument(dest2, p);
    await changer.exchangeMedium({ transport: TRANSPORT0, source: s, destination1: d1, destination2: d2, flip1: options.invert1 === true, flip2: options.invert2 === true }).catch((e: unknown) => {
      throw restated(e, `exchange ${formatElementDisplay(s, p)} → ${formatElementDisplay(d1, p)} → ${formatElementDisplay(d2, p)}`);
    });
    const done = { exchanged: { source: formatElementDisplay(s, p), destination1: formatElementDisplay(d1, p), destination2: formatElementDisplay(d2, p) } };
    if (ctx.output.json) writeJson(ctx.output, done);
    else writeLine(ctx.output, `Exchanged: ${done.exchanged.source} -> ${done.exchanged.destination1}, ${done.exchanged.destination1} -> ${done.exchanged.destination2}`);
  });
}

/** `changer position <element> [--invert]` */
export async function positionCommand(ctx: CommandContext, target: string, options: { invert?: boolean }): Promise<void> {
  await withChanger(ctx, async (changer) => {
    const p = changer.cachedParameters;
    const destination = parseElementArgument(target, p);
    await changer.setPosition({ transport: TRANSPORT0, destination, flip: options.invert === true }).catch((e: unknown) => {
      throw restated(e, `position to ${formatElementDisplay(destination, p)}`);
    });
    if (ctx.output.json) writeJson(ctx.output, { positioned: formatElementDisplay(destination, p) });
    else writeLine(ctx.output, `Transport positioned at ${formatElementDisplay(destination, p)}`);
  });
}
