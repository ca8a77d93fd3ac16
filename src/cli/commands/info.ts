import { elementCount } from '../../driver/changerParameters.ts';
import { ElementType } from '../../driver/elementType.ts';
import { features0Names, features1Names } from '../../driver/features.ts';
import { withoutSecret } from '../../shared/secrets.ts';
import { withChanger, type CommandContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';

/** `changer info`: who the changer is and what it has. */
export async function infoCommand(ctx: CommandContext): Promise<void> {
  await withChanger(ctx, async (changer) => {
    const product = await changer.getProductData();
    const p = await changer.getParameters();
    const counts = {
      transports: p.numberTransportElements, slots: p.numberStorageElements, ieports: p.numberIEElements,
      drives: p.numberDataTransferElements, doors: p.numberOfDoors, keypads: elementCount(p, ElementType.Keypad),
      cleanerSlots: p.numberCleanerSlots,
    };
    const features = [...features0Names(p.features0), ...features1Names(p.features1)];
    if (ctx.output.json) {
      writeJson(ctx.output, { device: withoutSecret(ctx.device), product, elements: counts, features });
      return;
    }
    writeLine(ctx.output, `Device:     ${withoutSecret(ctx.device)}`);
    writeLine(ctx.output, `Product:    ${product.vendorId} ${product.productId} ${product.revision}`);
    writeLine(ctx.output, `Serial:     ${product.serialNumber || '(none)'}`);
    writeLine(ctx.output, `Elements:   ${counts.transports} transport, ${counts.slots} slots, ${counts.ieports} import/export, ${counts.drives} drives, ${counts.doors} door${counts.doors === 1 ? '' : 's'}`);
    writeLine(ctx.output, `Features:   ${features.join(', ') || '(none)'}`);
  });
}
