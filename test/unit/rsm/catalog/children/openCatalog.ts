// Child process: open (and so migrate) a catalog, make sure library `shared` exists, report the
// number of libraries.
import { Catalog } from '../../../../../src/rsm/catalog/index.ts';
import { smallLayout } from '../fixtures.ts';

const [url] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: openCatalog.ts <catalog-url>');
const catalog = await Catalog.open(url);
await catalog.libraries.upsert(smallLayout('shared'));
const libraries = await catalog.libraries.list();
await catalog.close();
process.stdout.write(`${JSON.stringify(libraries.length)}\n`);
