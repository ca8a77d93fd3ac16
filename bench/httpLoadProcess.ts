// The API bench's load generator in a process of its own (bench/api.ts starts it): a fresh heap
// whatever the bench ran before. Run inside the bench process, after the scheduler sections it
// cost 141 µs per request (112 % of a core with its GC) against 99 µs fresh, and became what set
// the pace; here it costs 50–57 µs. Prints "ready", then answers each order asked on IPC with its result.
import { requestsOf, type LoadName } from './apiLoads.ts';
import { timeFullLists, type FullListOrder } from './fullListTimes.ts';
import { runLoad } from './httpLoad.ts';

export interface LoadOrder {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly load: LoadName;
  readonly barcodes: readonly string[];
  /** Bearer tokens: reads go as the reader, writes as the application. */
  readonly reader: string;
  readonly application: string;
}

/** What the bench asks: a load, or the full-list timings (fullListTimes.ts). */
export type GeneratorOrder = ({ readonly kind: 'load' } & LoadOrder) | ({ readonly kind: 'full-lists' } & FullListOrder);

function perform(order: GeneratorOrder): Promise<unknown> {
  if (order.kind === 'full-lists') return timeFullLists(order);
  return runLoad(order.url, order.connections, order.seconds, requestsOf(order.load, order.barcodes), (request) => (request.method === 'GET' ? order.reader : order.application));
}

process.on('message', (message) => {
  void perform(message as GeneratorOrder).then((result) => process.send?.(result), (e: unknown) => process.send?.({ error: (e as Error).message }));
});
// IPC alone keeps this process alive; SIGTERM stops it, and it ends when its channel closes (the bench gone).
process.on('disconnect', () => process.exit(0));
process.stdout.write('ready\n');
