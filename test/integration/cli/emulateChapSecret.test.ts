import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { changer } from './client/captureRun.ts';

// RFC 7143 §9.2.1: CHAP secrets shorter than 96 bits are refused before anything is served.

describe('changer emulate: CHAP secrets shorter than 12 bytes', () => {
  it('--chap u:s: one line naming the length and the floor, exit code 2', async () => {
    const result = await changer(['emulate', '--listen', '127.0.0.1:0', '--chap', 'u:s']);
    assert.deepEqual(result, { code: 2, out: '', err: 'changer: --chap: the secret is 1 byte long; CHAP secrets must be at least 12 bytes (96 bits, RFC 7143 §9.2.1) (see \'changer --help\')\n' });
  });

  it('--mutual-chap with an 11-byte secret: refused the same way', async () => {
    const result = await changer(['emulate', '--listen', '127.0.0.1:0', '--chap', 'host1:host1-secret-0123', '--mutual-chap', 'lib:eleven-byte']);
    assert.deepEqual(result, { code: 2, out: '', err: 'changer: --mutual-chap: the secret is 11 bytes long; CHAP secrets must be at least 12 bytes (96 bits, RFC 7143 §9.2.1) (see \'changer --help\')\n' });
  });

  it('counts bytes, not characters: six two-byte characters are enough', async () => {
    const result = await changer(['emulate', '--listen', '127.0.0.1:0', '--chap', 'u:éééééé', '--mutual-chap', 'lib:1234567890']);
    assert.equal(result.code, 2);
    assert.equal(result.err, 'changer: --mutual-chap: the secret is 10 bytes long; CHAP secrets must be at least 12 bytes (96 bits, RFC 7143 §9.2.1) (see \'changer --help\')\n');
  });
});
