// `npm run build` (run by `prepare`, so also by `npm install` in a checkout and by `npm pack`):
// the bins as bundled JavaScript in dist/ (scripts/bundleBins.ts), and their man pages in dist/man/.
import { fileURLToPath } from 'node:url';
import { bundleBins } from './bundleBins.ts';
import { writeManPages } from './manPages.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

await bundleBins(ROOT);
await writeManPages(ROOT, `${ROOT}dist/man`);
