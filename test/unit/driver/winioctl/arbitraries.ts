import fc from 'fast-check';
import type { ChangerElement } from '../../../../src/driver/changerElement.ts';
import { ElementStatusFlags, type ElementStatus } from '../../../../src/driver/elementStatus.ts';
import { ElementType } from '../../../../src/driver/elementType.ts';

/** Generators of valid model values: each round-trips through its structure unchanged. */

/**
 * fc.record builds null-prototype objects by default, which deepStrictEqual tells apart from the
 * plain objects a decoder returns.
 */
export const PLAIN = { noNullPrototype: true } as const;

export const u8 = fc.integer({ min: 0, max: 0xff });
export const u16 = fc.integer({ min: 0, max: 0xffff });
export const u32 = fc.integer({ min: 0, max: 0xffffffff });

const ELEMENT_TYPES = [
  ElementType.AllElements,
  ElementType.Transport,
  ElementType.Slot,
  ElementType.IEPort,
  ElementType.Drive,
  ElementType.Door,
  ElementType.Keypad,
];

export const changerElement: fc.Arbitrary<ChangerElement> = fc.record({ type: fc.constantFrom(...ELEMENT_TYPES), index: u32 }, PLAIN);

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));

/** The model drops trailing spaces, so a value that round-trips has none. */
export function asciiText(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: printable, maxLength }).map((s) => s.replace(/ +$/, ''));
}

/**
 * A status whose optional members are present exactly when their flags say so; `ex` decides whether
 * the drive identity (PRODUCT_DATA) can occur, as only the 156-byte form carries it.
 */
export function elementStatus(ex: boolean): fc.Arbitrary<ElementStatus> {
  return fc
    .record({
      element: changerElement,
      source: changerElement,
      flags: u32,
      exceptionCode: u32,
      targetId: u8,
      lun: u8,
      primary: asciiText(36),
      alternate: asciiText(36),
      identity: fc.record({ vendorId: asciiText(8), productId: asciiText(16), serialNumber: asciiText(32) }, PLAIN),
    })
    .map((g) => {
      const flags = ex ? g.flags : (g.flags & ~ElementStatusFlags.PRODUCT_DATA) >>> 0;
      const has = (f: number): boolean => (flags & f) !== 0;
      return {
        element: g.element,
        sourceElement: has(ElementStatusFlags.SVALID) ? g.source : undefined,
        flags,
        exceptionCode: g.exceptionCode,
        targetId: g.targetId,
        lun: g.lun,
        primaryVolumeId: has(ElementStatusFlags.PVOLTAG) ? g.primary : undefined,
        alternateVolumeId: has(ElementStatusFlags.AVOLTAG) ? g.alternate : undefined,
        driveIdentity: has(ElementStatusFlags.PRODUCT_DATA) ? g.identity : undefined,
      };
    });
}
