// Askers that connect to an exclusive hold and hang up before its answer could be written — what
// a port scanner, a careless script or a standby probing a paused owner does.
import { connect } from 'node:net';

export async function probeHold(path: string, count: number): Promise<void> {
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const s = connect(path);
      s.on('connect', () => s.destroy());
      s.on('error', () => resolve());
      s.on('close', () => resolve());
    });
  for (let i = 0; i < count; i += 10) await Promise.all(Array.from({ length: Math.min(10, count - i) }, one));
}
