import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MISSING, parseMtxArguments } from '../../../../src/cli/mtx/mtxArguments.ts';

test('commands run in order, each taking only the numbers that follow it', () => {
  assert.deepEqual(parseMtxArguments(['-f', '/dev/sg4', 'unload', '4', '0', 'load', '7', '0', 'status']), [
    { kind: 'device', device: '/dev/sg4' },
    { kind: 'command', name: 'unload', args: [4, 0] },
    { kind: 'command', name: 'load', args: [7, 0] },
    { kind: 'command', name: 'status', args: [] },
  ]);
});

test('missing numbers are -1 and a non-number is the next command', () => {
  assert.deepEqual(parseMtxArguments(['load', '3', 'status', 'unload', 'next']), [
    { kind: 'command', name: 'load', args: [3, MISSING] },
    { kind: 'command', name: 'status', args: [] },
    { kind: 'command', name: 'unload', args: [MISSING, MISSING] },
    { kind: 'command', name: 'next', args: [MISSING] },
  ]);
});

test('a number is read as atoi reads it: leading digits; a second argument only after a first', () => {
  assert.deepEqual(parseMtxArguments(['load', '3x', '01']), [{ kind: 'command', name: 'load', args: [3, 1] }]);
  assert.deepEqual(parseMtxArguments(['exchange', '1', '2', '3', '4']), [
    { kind: 'command', name: 'exchange', args: [1, 2, 3] },
    { kind: 'usage' },
  ]);
  assert.deepEqual(parseMtxArguments(['load', '-1']), [{ kind: 'command', name: 'load', args: [MISSING, MISSING] }, { kind: 'usage' }]);
});

test('modifiers are commands too, in place', () => {
  assert.deepEqual(parseMtxArguments(['nobarcode', 'invert', 'invert2', 'eepos', '2', 'noattach', 'altres', 'status']).map((s) => (s.kind === 'command' ? `${s.name}${s.args.length ? ` ${s.args.join(',')}` : ''}` : s.kind)), [
    'nobarcode', 'invert', 'invert2', 'eepos 2', 'noattach', 'altres', 'status',
  ]);
});

test('no arguments, an unknown word or a -f without a device stops parsing with a usage step after what came before', () => {
  assert.deepEqual(parseMtxArguments(['status', 'bogus', 'status']), [{ kind: 'command', name: 'status', args: [] }, { kind: 'usage' }]);
  assert.deepEqual(parseMtxArguments(['-f']), [{ kind: 'usage' }]);
  assert.deepEqual(parseMtxArguments(['Status']), [{ kind: 'usage' }]);
  assert.deepEqual(parseMtxArguments(['--help']), [{ kind: 'usage' }]);
  assert.deepEqual(parseMtxArguments([]), [{ kind: 'usage' }]);
});
