// A TCP relay between one manager and the iSCSI target that can hold what the manager sends:
// a command "in the network" when its sender is frozen — the late command fencing exists for.
import { connect, createServer, type Server, type Socket } from 'node:net';

export class HoldingProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly queue: Array<{ upstream: Socket; chunk: Buffer }> = [];
  private holding = false;
  /** Hold from the first SCSI Command PDU whose CDB starts with this operation code. */
  private holdAtOpcode: number | undefined;
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
    const scanner = new CommandScanner();
    client.on('data', (chunk: Buffer) => {
      let rest = chunk;
      if (!this.holding && this.holdAtOpcode !== undefined) {
        const at = scanner.find(chunk, this.holdAtOpcode);
        if (at >= 0) {
          upstream.write(chunk.subarray(0, at));
          rest = chunk.subarray(at);
          this.holding = true;
          this.holdAtOpcode = undefined;
        }
      }
      if (!this.holding) {
        upstream.write(rest);
        return;
      }
      this.queue.push({ upstream, chunk: rest });
      this.heldBytes += rest.length;
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

  /** Relay freely until a command with this CDB operation code comes (e.g. 0xA5, MOVE MEDIUM), then hold from it on. */
  holdFromCommand(opcode: number): void {
    this.holdAtOpcode = opcode;
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

/**
 * Follows the PDUs an initiator sends (48-byte BHS, AHS, padded data segment; no digests, which
 * the project's initiator does not ask for) to find where a SCSI Command PDU with a given CDB
 * operation code starts.
 */
class CommandScanner {
  #skip = 0;
  #header = Buffer.alloc(0);

  /** Where in `chunk` such a command starts (0 when its header began in an earlier chunk), or -1. */
  find(chunk: Buffer, opcode: number): number {
    let position = 0;
    while (position < chunk.length) {
      if (this.#skip > 0) {
        const skipped = Math.min(this.#skip, chunk.length - position);
        this.#skip -= skipped;
        position += skipped;
        continue;
      }
      const start = position - this.#header.length;
      const part = chunk.subarray(position, position + 48 - this.#header.length);
      this.#header = Buffer.concat([this.#header, part]);
      position += part.length;
      if (this.#header.length < 48) return -1;
      const bhs = this.#header;
      this.#header = Buffer.alloc(0);
      const SCSI_COMMAND = 0x01;
      if (((bhs[0] ?? 0) & 0x3f) === SCSI_COMMAND && bhs[32] === opcode) return Math.max(0, start);
      this.#skip = (bhs[4] ?? 0) * 4 + ((bhs.readUIntBE(5, 3) + 3) & ~3);
    }
    return -1;
  }
}
