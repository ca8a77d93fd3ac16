import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readLabel } from '../../../../src/rsm/catalog/index.ts';

test('LTO data labels: the media ID suffix names the generation', () => {
  const cases: [string, string][] = [
    ['ABC123L1', 'LTO-1'],
    ['ABC123L5', 'LTO-5'],
    ['ABC123L8', 'LTO-8'],
    ['ABC123L9', 'LTO-9'],
    ['ABC123LA', 'LTO-10'],
    ['ABC123M8', 'LTO-M8'],
    ['abc123l7', 'LTO-7'],
  ];
  for (const [label, type] of cases) {
    const reading = readLabel(label);
    assert.deepEqual([reading.mediaType, reading.cleaner, reading.worm, reading.volser], [type, false, false, label.slice(0, 6).toUpperCase()], label);
  }
});

test('WORM media IDs are their own media types', () => {
  assert.deepEqual([readLabel('WRM001LY').mediaType, readLabel('WRM001LY').worm], ['LTO-8-WORM', true]);
  assert.equal(readLabel('WRM001LZ').mediaType, 'LTO-9-WORM');
});

test('cleaners are recognised by the CLN prefix or the CU media ID', () => {
  for (const label of ['CLN001CU', 'CLNU01CU', 'CLN123', 'CLEAN01']) assert.deepEqual([readLabel(label).mediaType, readLabel(label).cleaner], ['LTO-CLEANER', true], label);
  assert.equal(readLabel('XYZ001CU').cleaner, true);
});

test('labels that carry no known media ID say nothing about the type', () => {
  for (const label of ['ABC123', 'ABC123Q7', 'DG 001L', '']) assert.equal(readLabel(label).mediaType, undefined, label);
});
