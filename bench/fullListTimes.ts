// The API bench's full-list figure: the whole media list, one client at a time — how long a person
// or a script waits for all of it right after a change to the catalog (an operator disables or
// enables a cartridge), when it is read afresh, and asked again with nothing changed, when the kept
// answer is given. Run in the load generator's process (httpLoadProcess.ts), a fresh heap.
import { performance } from 'node:perf_hooks';

export interface FullListOrder {
  readonly url: string;
  readonly count: number;
  /** The cartridge disabled and enabled in turn between lists. */
  readonly barcode: string;
  readonly reader: string;
  readonly operator: string;
}

export interface FullListTimes {
  /** Milliseconds per list, in the order taken. */
  readonly afresh: number[];
  readonly again: number[];
  readonly bytes: number;
}

export async function timeFullLists(order: FullListOrder): Promise<FullListTimes> {
  const afresh: number[] = [];
  const again: number[] = [];
  let bytes = 0;
  const timedList = async (into: number[]): Promise<void> => {
    const t = performance.now();
    const body = await (await fetch(`${order.url}/v1/media`, { headers: { authorization: `Bearer ${order.reader}` } })).arrayBuffer();
    into.push(performance.now() - t);
    bytes = body.byteLength;
  };
  for (let i = 0; i < order.count; i++) {
    const change = await fetch(`${order.url}/v1/libraries/lib/media/${order.barcode}/${i % 2 === 0 ? 'disable' : 'enable'}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${order.operator}`, 'content-type': 'application/json' },
      body: i % 2 === 0 ? '{"reason":"bench"}' : '{}',
    });
    if (!change.ok) throw new Error(`changing ${order.barcode} for the full-list figure: ${change.status} ${await change.text()}`);
    await timedList(afresh);
    await timedList(again);
  }
  return { afresh, again, bytes };
}
