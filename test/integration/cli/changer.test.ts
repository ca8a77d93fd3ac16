import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runChanger } from '../../../src/cli/changerProgram.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function changer(args: string[], device: string): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await runChanger([...args, '--device', device], { out, err, env: {} });
  return { code, out: out.text, err: err.text };
}

async function withDevice(work: (device: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'changer-cli-'));
  try {
    await work(`virtual:${dir}?profile=library-24&clock=virtual`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('changer status, move and status --json on the embedded library', async () => {
  await withDevice(async (device) => {
    const before = await changer(['status'], device);
    assert.equal(before.code, 0, before.err);
    assert.match(before.out, /^ELEMENT +STATE +BARCODE/m);
    assert.match(before.out, /^slot:1 +full +A00001L8/m);
    assert.match(before.out, /^drive:0 +empty/m);
    const moved = await changer(['move', 'slot:1', 'drive:0'], device);
    assert.equal(moved.code, 0, moved.err);
    assert.equal(moved.out, 'Moved slot:1 to drive:0\n');
    const after = await changer(['status', '--json'], device);
    const elements = (JSON.parse(after.out) as { elements: { element: string; full: boolean; barcode: string | null; source: string | null }[] }).elements;
    assert.deepEqual(elements.find((e) => e.element === 'drive:0'), { ...elements.find((e) => e.element === 'drive:0'), full: true, barcode: 'A00001L8', source: 'slot:1' });
    assert.equal(elements.find((e) => e.element === 'slot:1')?.full, false);
  });
});

test('errors are one line with a distinct exit code, or JSON with --json', async () => {
  await withDevice(async (device) => {
    const empty = await changer(['move', 'slot:5', 'drive:0'], device);
    assert.equal(empty.code, 5);
    assert.equal(empty.out, '');
    // The device's complaint, about the elements as the user named them (never SCSI element addresses).
    assert.equal(empty.err, 'changer: move slot:5 → drive:0: the source element is empty (sense 5/3B/0E) [SOURCE_ELEMENT_EMPTY]\n');
    const bad = await changer(['move', 'slot:99', 'drive:0'], device);
    assert.equal(bad.code, 2);
    assert.equal(bad.err, "changer: slot 99 does not exist: slot numbers are 1..24 (see 'changer --help')\n");
    const json = await changer(['move', 'slot:5', 'drive:0', '--json'], device);
    assert.equal(json.code, 5);
    const problem = JSON.parse(json.out) as Record<string, unknown>;
    assert.equal(problem.error, 'SOURCE_ELEMENT_EMPTY');
    assert.equal(problem.ntStatus, '0xC0000283');
    assert.deepEqual(problem.sense, { key: 5, asc: 0x3b, ascq: 0x0e });
    const unknown = await changer(['fly'], device);
    assert.equal(unknown.code, 2);
  });
});

test('params --winioctl prints the 60-byte structure; raw sends one CDB and decodes sense', async () => {
  await withDevice(async (device) => {
    const params = await changer(['params', '--winioctl', '--json'], device);
    assert.equal(params.code, 0, params.err);
    const p = JSON.parse(params.out) as { size: number; hex: string };
    assert.equal(p.size, 60);
    assert.equal(p.hex.slice(0, 8), '3c000000');
    assert.equal(p.hex.slice(8, 20), '010018000000'); // 1 transport, 24 slots, 0 cleaner slots
    const inquiry = await changer(['raw', '12', '00', '00', '00', '60', '00', '--data-in', '96'], device);
    assert.match(inquiry.out, /^SCSI status: GOOD \(0x00\)$/m);
    assert.match(inquiry.out, /^ 0000 {2}08 /m);
    const bad = await changer(['raw', 'ff', '00', '00', '00', '00', '00'], device);
    assert.equal(bad.code, 7);
    assert.match(bad.out, /SCSI status: CHECK CONDITION \(0x02\)/);
    assert.match(bad.out, /Sense: ILLEGAL REQUEST, ASC\/ASCQ 20h\/00h/i);
  });
});
