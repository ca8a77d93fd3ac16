// Child process (see runTogether): allocate `count` media into pool `poolId` as fast as it can, report the
// barcodes it got. Two of these racing must never report the same barcode.
import { Catalog, isCatalogError } from '../../../../../src/rsm/catalog/index.ts';

const [url, poolId, countText, application] = process.argv.slice(2);
if (url === undefined || poolId === undefined || countText === undefined) throw new Error('usage: allocateScratch.ts <catalog-url> <pool-id> <count> [application]');
const catalog = await Catalog.open(url);
// Ready; start only when the parent says go, so both racers start together.
process.stdout.write('"ready"\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const barcodes: string[] = [];
try {
  for (let i = 0; i < Number(countText); i++) {
    try {
      const allocation = await catalog.media.allocate(poolId, { application: application ?? `pid-${process.pid}` });
      barcodes.push(allocation.medium.barcode ?? allocation.medium.id);
    } catch (err) {
      if (isCatalogError(err, 'MEDIA_UNAVAILABLE')) break;
      throw err;
    }
  }
} finally {
  await catalog.close();
}
process.stdout.write(`${JSON.stringify(barcodes)}\n`);
