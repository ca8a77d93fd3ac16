// A TCP relay between one manager and the iSCSI target that can hold what the manager sends:
// a command "in the network" when its sender is frozen — the late command fencing exists for.
import { connect, createServer, type Server, type Socket } from 'node:net';

export class HoldingProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly queue: Array<{ upstream: Socket; chunk: Buffer }> = [];
  private holding = false;
  /** Bytes the manager sent that are being held. */
  heldBytes = 0;
  port = 0;

  constructor(private readonly targetPort: number) {
    this.server = createServer((client) => this.relay(client));
  }

  private relay(client: Socket): void {
    const upstream = connect({ host: '127.0.0.1', port: this.targetPort });
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      if (!this.holding) {
        upstream.write(chunk);
        return;
      }
      this.queue.push({ upstream, chunk });
      this.heldBytes += chunk.length;
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    return this.port;
  }

  /** From now on, keep what the manager sends. */
  hold(): void {
    this.holding = true;
  }

  /** Deliver everything held, in order, and relay freely again. */
  deliver(): void {
    this.holding = false;
    for (const { upstream, chunk } of this.queue.splice(0)) upstream.write(chunk);
    this.heldBytes = 0;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
