import { Type, type Static } from '@fastify/type-provider-typebox';
import { BARCODE_STATES, LABEL_TYPES, MEDIUM_ELEMENT_TYPES, MEDIUM_STATES, SIDE_STATES } from '../../rsm/catalog/index.ts';
import type { MediumView } from '../../rsm/service.ts';
import { Barcode, CommaList, LibraryName, List, Nullable, StringEnum, Timestamp, type Assert, type Describes } from './common.ts';

/** One object rather than a union, so serializing a long media list stays cheap. */
const LocationSchema = Type.Object(
  {
    type: StringEnum([...MEDIUM_ELEMENT_TYPES, 'outside'] as const),
    index: Type.Optional(Type.Integer({ description: 'absent when outside the library' })),
  },
  { description: 'an element of the library, or outside it (ejected, on a shelf)' },
);

const MediumSideSchema = Type.Object({
  mediumId: Type.String(),
  side: Type.Integer(),
  state: StringEnum(SIDE_STATES),
  allocationCount: Type.Integer(),
  mountCount: Type.Integer(),
  application: Nullable(Type.String()),
});

export const MediumViewSchema = Type.Object(
  {
    id: Type.String(),
    libraryId: Type.String(),
    libraryName: Type.String(),
    barcode: Nullable(Type.String()),
    barcodeState: StringEnum(BARCODE_STATES),
    mediaType: Type.String(),
    sideCount: Type.Integer(),
    alternateBarcode: Nullable(Type.String({ description: "two-sided media: side B's volume tag (barcode is side A's)" })),
    facingSide: Type.Integer({ description: "the side facing the drive's head now (0 = A, 1 = B); a mount of the other side flips the cartridge" }),
    sides: List(MediumSideSchema),
    poolId: Nullable(Type.String()),
    poolName: Nullable(Type.String()),
    state: StringEnum(MEDIUM_STATES),
    location: LocationSchema,
    homeSlot: Nullable(Type.Integer()),
    mountCount: Type.Integer(),
    lastMountedAt: Nullable(Timestamp),
    errorCount: Type.Integer(),
    cleanerUsesRemaining: Nullable(Type.Integer({ description: 'cleaners only: cleanings left (−1: until it stops cleaning)' })),
    onMediaLabel: Nullable(
      Type.Object(
        { type: StringEnum(LABEL_TYPES), id: Nullable(Type.String({ description: 'the volume name in the label' })), readAt: Timestamp },
        { description: 'what a full inventory read at the start of the tape; null until then' },
      ),
    ),
    enabled: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Medium' },
);

export const MediaQuerySchema = Type.Object(
  {
    library: Type.Optional(LibraryName),
    pool: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    barcode: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'a barcode, or a pattern: * any run of characters, ? one character (case-insensitive), e.g. A0000*' })),
    location: Type.Optional(StringEnum([...MEDIUM_ELEMENT_TYPES, 'outside'] as const)),
    state: Type.Optional(CommaList(MEDIUM_STATES, 'medium states')),
    sideState: Type.Optional(CommaList(SIDE_STATES, 'media with a side in one of these states')),
    mediaType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    mountedSince: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'last mounted at or after (epoch ms)' })),
    mountedBefore: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'last mounted before (epoch ms), or never mounted' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'at most this many media' })),
    offset: Type.Optional(
      Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'skip this many first: the order is library, then barcode, then id, so limit=100&offset=200 is the third page of 100' }),
    ),
  },
  { additionalProperties: false },
);

export const MediumParams = Type.Object({ library: LibraryName, barcode: Barcode }, { additionalProperties: false });

export type _MediumChecks = [Assert<Describes<Static<typeof MediumViewSchema>, MediumView>>];
