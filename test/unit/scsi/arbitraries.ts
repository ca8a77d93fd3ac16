/** Shared fast-check arbitraries and the fuzz check every parser must pass. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ScsiFormatError } from '../../../src/scsi/scsiFormatError.ts';
import type { SenseKeySpecific } from '../../../src/scsi/sense/senseKeySpecific.ts';
import { senseKeySpecificKind } from '../../../src/scsi/sense/senseKeySpecific.ts';
import type { FixedSenseData } from '../../../src/scsi/sense/fixedSense.ts';
import type { DescriptorSenseData, SenseDescriptor } from '../../../src/scsi/sense/descriptorSense.ts';
import type { SenseKey } from '../../../src/scsi/sense/senseKey.ts';

/** fc.record with plain prototypes, so deepStrictEqual can compare with parsed objects. */
export function record<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

export const u8 = fc.integer({ min: 0, max: 0xff });
export const u16 = fc.integer({ min: 0, max: 0xffff });
export const u24 = fc.integer({ min: 0, max: 0xffffff });
export const u32 = fc.integer({ min: 0, max: 0xffffffff });
export const u64 = fc.bigInt({ min: 0n, max: 0xffffffffffffffffn });
export const bytes = (maxLength: number, minLength = 0) =>
  fc.uint8Array({ minLength, maxLength }).map((a) => Buffer.from(a));
/** Printable ASCII without trailing spaces (what a fixed-width text field round-trips to). */
export const paddedText = (maxLength: number) =>
  fc
    .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength })
    .map((s) => s.replace(/ +$/, ''));

const bitPointer = fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined });
const withBit = <T extends object>(base: T, bit: number | undefined): T => (bit === undefined ? base : { ...base, bitPointer: bit });

export function arbSenseKeySpecific(senseKey: number): fc.Arbitrary<SenseKeySpecific> {
  switch (senseKeySpecificKind(senseKey)) {
    case 'field-pointer':
      return fc
        .tuple(fc.boolean(), bitPointer, u16)
        .map(([commandData, bit, fieldPointer]) => withBit({ kind: 'field-pointer' as const, commandData, fieldPointer }, bit));
    case 'segment-pointer':
      return fc
        .tuple(fc.boolean(), bitPointer, u16)
        .map(([segmentDescriptor, bit, fieldPointer]) => withBit({ kind: 'segment-pointer' as const, segmentDescriptor, fieldPointer }, bit));
    case 'progress':
      return u16.map((progress) => ({ kind: 'progress' as const, progress }));
    case 'retry-count':
      return u16.map((actualRetryCount) => ({ kind: 'retry-count' as const, actualRetryCount }));
    case 'unit-attention-queue-overflow':
      return fc.boolean().map((overflow) => ({ kind: 'unit-attention-queue-overflow' as const, overflow }));
    case 'raw':
      return fc.integer({ min: 0, max: 0x7fffff }).map((value) => ({ kind: 'raw' as const, value }));
  }
}

const senseKey = fc.integer({ min: 0, max: 15 }).map((k) => k as SenseKey);

export const arbFixedSense: fc.Arbitrary<FixedSenseData> = senseKey.chain((key) =>
  record({
      deferred: fc.boolean(),
      valid: fc.boolean(),
      information: u32,
      filemark: fc.boolean(),
      endOfMedium: fc.boolean(),
      incorrectLength: fc.boolean(),
      commandSpecificInformation: u32,
      asc: u8,
      ascq: u8,
      fieldReplaceableUnitCode: u8,
      senseKeySpecific: fc.option(arbSenseKeySpecific(key), { nil: undefined }),
      additionalSenseBytes: bytes(20),
    })
    .map(({ senseKeySpecific, ...rest }) => ({
      format: 'fixed' as const,
      senseKey: key,
      ...rest,
      ...(senseKeySpecific === undefined ? {} : { senseKeySpecific }),
    })),
);

function arbSenseDescriptor(key: number): fc.Arbitrary<SenseDescriptor> {
  return fc.oneof(
    record({ type: fc.constant('information' as const), valid: fc.boolean(), information: u64 }),
    record({ type: fc.constant('command-specific-information' as const), information: u64 }),
    arbSenseKeySpecific(key).map((senseKeySpecific) => ({ type: 'sense-key-specific' as const, senseKeySpecific })),
    u8.map((code) => ({ type: 'field-replaceable-unit' as const, code })),
    record({ type: fc.constant('stream-commands' as const), filemark: fc.boolean(), endOfMedium: fc.boolean(), incorrectLength: fc.boolean() }),
    record({ type: fc.constant('block-commands' as const), incorrectLength: fc.boolean() }),
    record({ type: fc.constant('other' as const), descriptorType: fc.integer({ min: 6, max: 0xff }), bytes: bytes(12) }),
  );
}

export const arbDescriptorSense: fc.Arbitrary<DescriptorSenseData> = senseKey.chain((key) =>
  record({
    format: fc.constant('descriptor' as const),
    deferred: fc.boolean(),
    senseKey: fc.constant(key),
    asc: u8,
    ascq: u8,
    descriptors: fc.array(arbSenseDescriptor(key), { maxLength: 8 }),
  }),
);

/**
 * The fuzz contract: any bytes either parse or throw ScsiFormatError — never another exception.
 * `prefixes` steer part of the inputs past the first checks (right opcode, response code …).
 */
export function expectParsesOrFormatError(parse: (bytes: Buffer) => unknown, maxLength: number, prefixes: number[][] = []): void {
  const prefixed = fc
    .tuple(fc.constantFrom(...(prefixes.length > 0 ? prefixes : [[]])), bytes(maxLength))
    .map(([prefix, tail]) => Buffer.concat([Buffer.from(prefix), tail]));
  fc.assert(
    fc.property(fc.oneof(bytes(maxLength), prefixed), (input) => {
      try {
        parse(input);
      } catch (error) {
        assert.ok(error instanceof ScsiFormatError, `unexpected ${String(error)} for ${input.toString('hex')}`);
      }
    }),
    { numRuns: 500 },
  );
}
