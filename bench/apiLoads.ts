// The API bench's loads, by name, so the load generator's process (httpLoadProcess.ts) can build
// each connection's requests itself: a closure cannot cross to another process.
import type { HttpRequest } from './httpLoad.ts';

export type LoadName = 'warm-up' | 'healthz' | 'pages' | 'mix';

/** Request i of connection n under `load`; `barcodes`: cartridges in slots, one per connection's mounts in the mix. */
export function requestsOf(load: LoadName, barcodes: readonly string[]): (connection: number, i: number) => HttpRequest {
  const page = (n: number, i: number): HttpRequest => ({ method: 'GET', path: `/v1/media?limit=100&offset=${((n * 7 + i) % 100) * 100}` });
  switch (load) {
    // JIT, statement caches, the connections' first requests.
    case 'warm-up':
      return (_n, i) => ({ method: 'GET', path: i % 2 === 0 ? '/v1/media?limit=100' : '/healthz' });
    case 'healthz':
      return () => ({ method: 'GET', path: '/healthz' });
    case 'pages':
      return page;
    // 10 % mounts and dismounts among the page reads: each connection mounts its own cartridge,
    // then takes it out again (queued, 202), so the scheduler and the catalog's writes run beside the reads.
    case 'mix':
      return (n, i) => {
        if (i % 10 !== 9) return page(n, i);
        const order = JSON.stringify({ library: 'lib', barcode: barcodes[n % barcodes.length] ?? '' });
        return { method: 'POST', path: Math.floor(i / 10) % 2 === 0 ? '/v1/mounts' : '/v1/dismounts', body: order };
      };
  }
}
