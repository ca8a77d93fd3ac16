import type { Changer } from '../../driver/changer.ts';
import { elementCount, type ChangerParameters } from '../../driver/changerParameters.ts';
import { ElementType, elementTypeName, MEDIA_ELEMENT_TYPES } from '../../driver/elementType.ts';
import { Features0, hasFeature } from '../../driver/features.ts';
import { withChanger, type CommandContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';
import { startProgress } from '../progress.ts';

/** Elements per INITIALIZE ELEMENT STATUS WITH RANGE when the bar shows progress. */
const CHUNK = 100;

/**
 * `changer inventory [--no-barcode]`: make the changer re-read what it holds. Where the changer
 * initializes by range, the work is split into chunks so the progress bar moves; otherwise one
 * INITIALIZE ELEMENT STATUS covers everything and the bar shows the time spent.
 */
export async function inventoryCommand(ctx: CommandContext, options: { barcode?: boolean }): Promise<void> {
  await withChanger(ctx, async (changer) => {
    const p = changer.cachedParameters;
    const barCodeScan = options.barcode !== false && hasFeature(p.features0, Features0.BAR_CODE_SCANNER_INSTALLED);
    const total = elementCount(p, ElementType.AllElements);
    const started = Date.now();
    const progress = await startProgress(ctx.output, total, 'Inventory');
    try {
      if (hasFeature(p.features0, Features0.INIT_ELEM_STAT_WITH_RANGE)) await byRange(changer, p, barCodeScan, (n, label) => progress.update(n, label));
      else {
        const tick = setInterval(() => progress.update(0, `${Math.round((Date.now() - started) / 1000)} s`), 500);
        try {
          await changer.initializeElementStatus({ element: { type: ElementType.AllElements, index: 0 }, count: total, barCodeScan });
        } finally {
          clearInterval(tick);
        }
        progress.update(total);
      }
    } finally {
      progress.stop();
    }
    const seconds = (Date.now() - started) / 1000;
    if (ctx.output.json) writeJson(ctx.output, { inventoried: total, barcodes: barCodeScan, seconds });
    else writeLine(ctx.output, `Inventory of ${total} elements done in ${seconds.toFixed(1)} s${barCodeScan ? ' (bar codes read)' : ''}`);
  });
}

async function byRange(changer: Changer, p: ChangerParameters, barCodeScan: boolean, report: (done: number, label: string) => void): Promise<void> {
  let done = 0;
  for (const type of MEDIA_ELEMENT_TYPES) {
    const count = elementCount(p, type);
    for (let index = 0; index < count; index += CHUNK) {
      const n = Math.min(CHUNK, count - index);
      await changer.initializeElementStatus({ element: { type, index }, count: n, barCodeScan });
      done += n;
      report(done, elementTypeName(type));
    }
  }
}
