import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Changer } from '../../../src/driver/changer.ts';
import { ChangerError, ChangerErrorCodes } from '../../../src/shared/changerError.ts';
import { EMPTY_PARAMETERS, elementCount, type ChangerParameters } from '../../../src/driver/changerParameters.ts';
import { ElementType } from '../../../src/driver/elementType.ts';
import { Features0, Features1, FEATURES1_MARKER, hasFeature } from '../../../src/driver/features.ts';
import { validateParameters } from '../../../src/driver/validateParameters.ts';
import type { ChangerElement } from '../../../src/driver/changerElement.ts';
import { RecordingMiniclass } from '../../helpers/recordingMiniclass.ts';

/** Random parameters that satisfy every rule of validateParameters. */
const validParameters: fc.Arbitrary<ChangerParameters> = fc
  .record({
    transports: fc.integer({ min: 1, max: 2 }),
    slots: fc.integer({ min: 1, max: 40 }),
    ieports: fc.integer({ min: 0, max: 4 }),
    drives: fc.integer({ min: 0, max: 6 }),
    doors: fc.integer({ min: 0, max: 1 }),
    f0: fc.nat({ max: 0x7fffffff }),
    f1: fc.nat({ max: 0x7ff }),
    caps: fc.array(fc.nat({ max: 15 }), { minLength: 10, maxLength: 10 }),
    lock: fc.nat({ max: 7 }),
    cleanerIndex: fc.nat(),
    firstSlot: fc.nat({ max: 1 }),
  })
  .map((r) => {
    let f0 = (r.f0 | Features0.STORAGE_SLOT) >>> 0;
    let f1 = r.f1 === 0 ? 0 : (r.f1 | FEATURES1_MARKER) >>> 0;
    if (hasFeature(f1, Features1.PREDISMOUNT_ALIGN_TO_SLOT) && hasFeature(f1, Features1.PREDISMOUNT_ALIGN_TO_DRIVE)) f1 = (f1 & ~0x1) >>> 0;
    if (hasFeature(f1, Features1.CLEANER_OPS_NOT_SUPPORTED)) {
      f0 = (f0 & ~Features0.CLEANER_SLOT) >>> 0;
      f1 = (f1 & ~0x4) >>> 0;
    }
    const cleanerish = hasFeature(f0, Features0.CLEANER_SLOT) || hasFeature(f1, Features1.CLEANER_AUTODISMOUNT) || hasFeature(f1, Features1.CLEANER_OPS_NOT_SUPPORTED);
    if (cleanerish) f0 = (f0 | Features0.DRIVE_CLEANING_REQUIRED) >>> 0;
    const cleaner = hasFeature(f0, Features0.CLEANER_SLOT) ? 1 : 0;
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0, i = 0, j = 0] = r.caps;
    return {
      ...EMPTY_PARAMETERS,
      numberTransportElements: r.transports, numberStorageElements: r.slots, numberIEElements: r.ieports,
      numberDataTransferElements: r.drives, numberOfDoors: r.doors, numberCleanerSlots: cleaner,
      firstCleanerSlotAddress: cleaner ? r.firstSlot + (r.cleanerIndex % (r.slots + 1)) : 0, firstSlotNumber: r.firstSlot,
      firstIEPortNumber: r.ieports > 0 ? r.slots + cleaner + r.firstSlot : 0,
      magazineSize: hasFeature(f0, Features0.CARTRIDGE_MAGAZINE) ? Math.min(r.slots, 8) : 0,
      features0: f0, features1: f1,
      moveFromTransport: a, moveFromSlot: b, moveFromIePort: c, moveFromDrive: d,
      exchangeFromTransport: e, exchangeFromSlot: f, exchangeFromIePort: g, exchangeFromDrive: h,
      lockUnlockCapabilities: r.lock, positionCapabilities: i & j,
    };
  });

// Element references that are sometimes valid, sometimes absurd.
const anyElement: fc.Arbitrary<ChangerElement> = fc.record({
  type: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: -3, max: 12 })) as fc.Arbitrary<ElementType>,
  index: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: -5, max: 100 }), fc.double({ noNaN: false })),
});
const anyFlag = fc.oneof(fc.boolean(), fc.constant(undefined as unknown as boolean), fc.constant(1 as unknown as boolean));

const anyRequest = fc.oneof(
  fc.record({ routine: fc.constant('setAccess' as const), element: anyElement, control: fc.integer({ min: -1, max: 5 }) }),
  fc.record({ routine: fc.constant('getElementStatus' as const), element: anyElement, count: fc.integer({ min: -1, max: 60 }), flag: anyFlag }),
  fc.record({ routine: fc.constant('initializeElementStatus' as const), element: anyElement, count: fc.integer({ min: -1, max: 60 }), flag: anyFlag }),
  fc.record({ routine: fc.constant('setPosition' as const), transport: anyElement, destination: anyElement, flag: anyFlag }),
  fc.record({ routine: fc.constant('moveMedium' as const), transport: anyElement, source: anyElement, destination: anyElement, flag: anyFlag }),
  fc.record({ routine: fc.constant('exchangeMedium' as const), transport: anyElement, source: anyElement, d1: anyElement, d2: anyElement, flag: anyFlag }),
  fc.record({ routine: fc.constant('reinitializeTransport' as const), transport: anyElement }),
  fc.record({ routine: fc.constant('queryVolumeTags' as const), element: anyElement, action: fc.integer({ min: -1, max: 15 }), template: fc.string({ maxLength: 50 }) }),
);
type AnyRequest = typeof anyRequest extends fc.Arbitrary<infer R> ? R : never;

function send(c: Changer, r: AnyRequest): Promise<unknown> {
  switch (r.routine) {
    case 'setAccess': return c.setAccess(r.element, r.control);
    case 'getElementStatus': return c.getElementStatus({ element: r.element, count: r.count, volumeTagInfo: r.flag });
    case 'initializeElementStatus': return c.initializeElementStatus({ element: r.element, count: r.count, barCodeScan: r.flag });
    case 'setPosition': return c.setPosition({ transport: r.transport, destination: r.destination, flip: r.flag });
    case 'moveMedium': return c.moveMedium({ transport: r.transport, source: r.source, destination: r.destination, flip: r.flag });
    case 'exchangeMedium': return c.exchangeMedium({ transport: r.transport, source: r.source, destination1: r.d1, destination2: r.d2, flip1: r.flag, flip2: false });
    case 'reinitializeTransport': return c.reinitializeTransport(r.transport);
    case 'queryVolumeTags': return c.queryVolumeTags({ startingElement: r.element, action: r.action, template: r.template });
  }
}

/** Every element that reached the miniclass exists on this changer. */
function elementsExist(p: ChangerParameters, args: readonly unknown[]): boolean {
  const elements: ChangerElement[] = [];
  const collect = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o.type === 'number' && typeof o.index === 'number') elements.push(o as unknown as ChangerElement);
    else Object.values(o).forEach(collect);
  };
  args.forEach(collect);
  return elements.every((e) => e.type === ElementType.AllElements || (Number.isInteger(e.index) && e.index >= 0 && e.index < elementCount(p, e.type)));
}

test('random requests against random valid parameters reach the miniclass with existing elements, or fail with a ChangerError', async () => {
  await fc.assert(
    fc.asyncProperty(validParameters, fc.array(anyRequest, { minLength: 1, maxLength: 20 }), async (p, requests) => {
      assert.deepEqual(validateParameters(p), []);
      const mini = new RecordingMiniclass(p);
      const changer = await Changer.open(`test:${randomUUID()}`, { owner: 'property', connect: async () => mini });
      try {
        for (const r of requests) {
          const before = mini.calls.length;
          try {
            await send(changer, r);
            const call = mini.calls[before];
            assert.equal(call?.routine, r.routine);
            assert.ok(elementsExist(p, call.args), `${r.routine} passed with an element that does not exist`);
          } catch (e) {
            assert.ok(e instanceof ChangerError, `threw ${String(e)}`);
            assert.ok(e.code in ChangerErrorCodes);
            assert.equal(mini.calls.length, before, 'a refused request must not reach the miniclass');
          }
        }
      } finally {
        await changer.close();
      }
    }),
    { numRuns: 300 },
  );
});
