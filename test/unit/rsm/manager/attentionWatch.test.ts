// The manager hears unit attentions the driver retries past: 28h, 29h and magazine attentions
// are reported, results pass through unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AttentionWatchingTransport, changesElementStatus, type UnitAttention } from '../../../../src/rsm/manager/attentionWatch.ts';
import type { ScsiRequest, ScsiResult } from '../../../../src/scsi/device.ts';
import type { ScsiTransport } from '../../../../src/transport/scsiTransport.ts';

function fixedSense(key: number, asc: number, ascq: number): Uint8Array {
  const sense = new Uint8Array(18);
  sense[0] = 0x70;
  sense[2] = key;
  sense[7] = 10;
  sense[12] = asc;
  sense[13] = ascq;
  return sense;
}

class Answers implements ScsiTransport {
  readonly description = 'scripted';
  constructor(private readonly results: ScsiResult[]) {}
  execute(_request: ScsiRequest): Promise<ScsiResult> {
    return Promise.resolve(this.results.shift() as ScsiResult);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

test('unit attentions are reported, other results are not, and every result passes through', async () => {
  const heard: UnitAttention[] = [];
  const results: ScsiResult[] = [
    { status: 0x02, dataIn: new Uint8Array(), sense: fixedSense(0x6, 0x28, 0x01) },
    { status: 0x02, dataIn: new Uint8Array(), sense: fixedSense(0x5, 0x24, 0x00) },
    { status: 0x00, dataIn: new Uint8Array([1, 2]) },
    { status: 0x02, dataIn: new Uint8Array(), sense: fixedSense(0x6, 0x29, 0x00) },
    { status: 0x02, dataIn: new Uint8Array(), sense: new Uint8Array([0x01]) },
  ];
  const transport = new AttentionWatchingTransport(new Answers([...results]), (a) => heard.push(a));
  for (const expected of results) assert.equal(await transport.execute({ cdb: new Uint8Array(6) }), expected);
  assert.deepEqual(heard, [{ asc: 0x28, ascq: 0x01 }, { asc: 0x29, ascq: 0x00 }]);
  assert.equal(transport.description, 'scripted');
});

test('which attentions mean the element status may have changed', () => {
  assert.deepEqual(
    [[0x28, 0x00], [0x28, 0x01], [0x29, 0x00], [0x29, 0x07], [0x3b, 0x12], [0x3b, 0x13], [0x2a, 0x01], [0x3f, 0x03]].map(([asc, ascq]) => changesElementStatus({ asc: asc as number, ascq: ascq as number })),
    [true, true, true, true, true, true, false, false],
  );
});
