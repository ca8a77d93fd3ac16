import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fencingKeyOf, isManagerKey, managerOwnerId, reservationKeyFor } from '../../../../src/rsm/owner/index.ts';

const fencingKey = fc.integer({ min: 1, max: 0xffff_ffff });
const ownerId = fc.string({ minLength: 1, maxLength: 40 });

test('a later acquisition always has a larger key, whoever holds either', () => {
  fc.assert(fc.property(fencingKey, fencingKey, ownerId, ownerId, (f1, f2, o1, o2) => {
    fc.pre(f1 !== f2);
    const [lo, hi] = f1 < f2 ? [f1, f2] : [f2, f1];
    assert.ok(reservationKeyFor(lo, o1) < reservationKeyFor(hi, o2));
  }));
});

test('keys are 64-bit, marked as a manager\'s, and carry their fencing key', () => {
  fc.assert(fc.property(fencingKey, ownerId, (f, o) => {
    const key = reservationKeyFor(f, o);
    assert.ok(key > 0n && key < 1n << 64n);
    assert.ok(isManagerKey(key));
    assert.equal(fencingKeyOf(key), f);
  }));
  assert.equal(reservationKeyFor(1, 'rsm@a (pid 1)') >> 48n, 0x5253n);
  assert.equal(isManagerKey(0x1234n), false);
  assert.equal(isManagerKey(0n), false);
  assert.throws(() => reservationKeyFor(0, 'x'), RangeError);
});

test('the owner id names manager, host and process', () => {
  assert.equal(managerOwnerId('rsm', 'tape-host', 4242), 'rsm@tape-host (pid 4242)');
  assert.match(managerOwnerId(), new RegExp(`^rsm@.+ \\(pid ${process.pid}\\)$`));
});
