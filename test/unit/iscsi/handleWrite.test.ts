// Writes handed to a socket's TCP handle past Node's Writable (handleWrite.ts), over real loopback
// TCP: the peer gets every byte in the order the writes were made, whichever path each took; a
// write the kernel cannot take at once completes later and its callback says so; where the Writable
// holds bytes, or the socket is gone, the handle is not written.
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { writeToHandle } from '../../../src/iscsi/handleWrite.ts';

/** A connected pair on 127.0.0.1: `writer` (the side written to) and `reader`, paused until read. */
async function pair(): Promise<{ writer: Socket; reader: Socket; close(): void }> {
  const server = createServer({ pauseOnConnect: true });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const writer = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(writer, 'connect');
  const [reader] = await accepted;
  return {
    writer,
    reader,
    close: () => {
      writer.destroy();
      reader.destroy();
      server.close();
    },
  };
}

/** Everything `reader` receives until `length` bytes have come. */
async function readAll(reader: Socket, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let got = 0;
  reader.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    got += chunk.length;
  });
  reader.resume();
  while (got < length) await once(reader, 'data');
  return Buffer.concat(chunks);
}

const bytes = (length: number, seed: number): Buffer => Buffer.from(Array.from({ length }, (_, i) => (i * 31 + seed * 7) & 0xff));

describe('writes to the socket handle', () => {
  it('gathered chunks reach the peer whole; the callback runs once, at once when the kernel took them', async () => {
    const { writer, reader, close } = await pair();
    try {
      const parts = [bytes(48, 1), bytes(65536, 2), bytes(3, 3)];
      let calls = 0;
      assert.equal(writeToHandle(writer, parts, () => calls++), true);
      assert.equal(calls, 1, 'a write the kernel took whole is done before writeToHandle returns');
      assert.deepEqual(await readAll(reader, 65587), Buffer.concat(parts));
      assert.equal(calls, 1);
    } finally {
      close();
    }
  });

  it('16 MiB to a peer that is not reading: the write waits in libuv, its callback comes once the peer has read, and a socket.write after it arrives after it', async () => {
    const { writer, reader, close } = await pair();
    try {
      const big = bytes(16 * 1024 * 1024, 4);
      let done = false;
      assert.equal(writeToHandle(writer, [big], () => (done = true)), true);
      assert.equal(done, false, 'the kernel cannot take 16 MiB at once');
      const after = bytes(1000, 5);
      writer.write(after);
      // `after` waits in the Writable (libuv still holds the big write): a handle write now would pass it, so there is none.
      assert.equal(writer.writableLength, after.length);
      assert.equal(writeToHandle(writer, [bytes(10, 6)]), false);
      const received = await readAll(reader, big.length + after.length);
      assert.equal(received.length, big.length + after.length);
      assert.deepEqual(received.subarray(0, big.length), big);
      assert.deepEqual(received.subarray(big.length), after);
      while (!done) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      close();
    }
  });

  it('fast-check: any mix of handle writes, socket.write, cork and uncork — the peer reads every byte in the order written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant<'handle'>('handle'), lengths: fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1, maxLength: 3 }) }),
            fc.record({ kind: fc.constant<'write'>('write'), length: fc.integer({ min: 1, max: 300_000 }) }),
            fc.constant<{ kind: 'cork' }>({ kind: 'cork' }),
            fc.constant<{ kind: 'uncork' }>({ kind: 'uncork' }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        async (steps) => {
          const { writer, reader, close } = await pair();
          try {
            const expected: Buffer[] = [];
            let callbacks = 0;
            let handled = 0;
            steps.forEach((step, k) => {
              if (step.kind === 'cork') writer.cork();
              else if (step.kind === 'uncork') writer.uncork();
              else if (step.kind === 'write') {
                const chunk = bytes(step.length, k);
                expected.push(chunk);
                writer.write(chunk);
              } else {
                const parts = step.lengths.map((length, j) => bytes(length, k * 4 + j));
                expected.push(...parts);
                if (writeToHandle(writer, parts, () => callbacks++)) handled++;
                else writer.write(Buffer.concat(parts));
              }
            });
            while (writer.writableCorked > 0) writer.uncork();
            const all = Buffer.concat(expected);
            assert.deepEqual(await readAll(reader, all.length), all);
            while (callbacks < handled) await new Promise((resolve) => setImmediate(resolve));
            assert.equal(callbacks, handled, 'each handle write called back once');
          } finally {
            close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a write waiting in libuv when the peer resets: its callback runs once, the socket is destroyed, and nothing throws', async () => {
    const { writer, reader, close } = await pair();
    try {
      const errors: string[] = [];
      writer.on('error', (e: NodeJS.ErrnoException) => errors.push(e.code ?? e.message));
      let calls = 0;
      assert.equal(writeToHandle(writer, [bytes(16 * 1024 * 1024, 9)], () => calls++), true);
      assert.equal(calls, 0);
      const closed = new Promise((resolve) => writer.once('close', resolve));
      reader.resetAndDestroy();
      await closed;
      while (calls === 0) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(calls, 1);
      assert.equal(writer.destroyed, true);
      // Whichever the kernel reports first: the read side's reset or the write's.
      assert.ok(errors.every((code) => ['ECONNRESET', 'EPIPE'].includes(code)), errors.join(', '));
    } finally {
      close();
    }
  });

  it('not while corked, nor on a socket that is gone: nothing is written and false is answered', async () => {
    const { writer, reader, close } = await pair();
    try {
      writer.cork();
      assert.equal(writeToHandle(writer, [bytes(10, 7)]), false);
      writer.uncork();
      writer.destroy();
      let called = false;
      assert.equal(writeToHandle(writer, [bytes(10, 8)], () => (called = true)), false);
      assert.equal(called, false);
      reader.resume();
      await once(reader, 'end');
    } finally {
      close();
    }
  });
});
