import { Type, type Static } from '@fastify/type-provider-typebox';
import { DRIVE_STATES, ELEMENT_STATES, ELEMENT_TYPES, LIBRARY_STATES } from '../../rsm/catalog/index.ts';
import type { Element, Library } from '../../rsm/catalog/index.ts';
import type { DriveView, LibraryDetail, LibrarySummary } from '../../rsm/service.ts';
import { List, Nullable, NullableObject, StringEnum, Timestamp, type Assert, type Describes } from './common.ts';

const Product = Type.Object({
  vendorId: Type.String(),
  productId: Type.String(),
  revision: Type.String(),
  serialNumber: Type.String(),
});

const Lease = Type.Object({
  ownerId: Type.String({ description: 'the manager holding the library' }),
  expiresAt: Timestamp,
  acquiredAt: Timestamp,
  fencingKey: Type.Integer(),
});

const libraryFields = {
  id: Type.String(),
  name: Type.String(),
  deviceUrl: Type.String(),
  profile: Nullable(Type.String()),
  product: NullableObject(Product),
  state: StringEnum(LIBRARY_STATES),
  cleanerSlot: Nullable(Type.Integer()),
  lease: NullableObject(Lease),
  fencingKey: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

const _LibrarySchema = Type.Object(libraryFields);

const summaryFields = {
  ...libraryFields,
  ownedHere: Type.Boolean({ description: 'this manager holds the library (exclusive open, reservation, live lease)' }),
  slotCount: Type.Integer(),
  driveCount: Type.Integer(),
  ieportCount: Type.Integer(),
  mediaCount: Type.Integer(),
  queuedRequests: Type.Integer(),
  enabled: Type.Boolean({ description: 'false while an operator has the library out of service' }),
  disabledReason: Nullable(Type.String({ description: 'why it was disabled' })),
  description: Nullable(Type.String()),
};

export const LibrarySummarySchema = Type.Object(summaryFields, { title: 'LibrarySummary' });

export const ElementSchema = Type.Object(
  {
    libraryId: Type.String(),
    type: StringEnum(ELEMENT_TYPES),
    index: Type.Integer(),
    displayNumber: Type.Integer(),
    state: StringEnum(ELEMENT_STATES),
    magazine: Nullable(Type.Integer()),
    enabled: Type.Boolean(),
  },
  { title: 'Element' },
);

export const DriveViewSchema = Type.Object(
  {
    libraryId: Type.String(),
    index: Type.Integer(),
    serialNumber: Nullable(Type.String()),
    devicePath: Nullable(Type.String()),
    mediaTypesRead: List(Type.String()),
    mediaTypesWritten: List(Type.String()),
    state: StringEnum(DRIVE_STATES),
    needsCleaning: Type.Boolean(),
    lastCleanedAt: Nullable(Timestamp),
    mountCount: Type.Integer(),
    barcode: Nullable(Type.String({ description: 'the medium the catalog places in the drive' })),
    mediumId: Nullable(Type.String()),
    enabled: Type.Boolean({ description: 'false while the drive is out of service: it gets no mounts' }),
    disabledReason: Nullable(Type.String({ description: 'why it was disabled' })),
    name: Nullable(Type.String()),
    description: Nullable(Type.String()),
  },
  { title: 'Drive' },
);

export const LibraryDetailSchema = Type.Object(
  { ...summaryFields, elements: List(ElementSchema), drives: List(DriveViewSchema) },
  { title: 'LibraryDetail' },
);

export type _LibraryChecks = [
  Assert<Describes<Static<typeof _LibrarySchema>, Library>>,
  Assert<Describes<Static<typeof LibrarySummarySchema>, LibrarySummary>>,
  Assert<Describes<Static<typeof ElementSchema>, Element>>,
  Assert<Describes<Static<typeof DriveViewSchema>, DriveView>>,
  Assert<Describes<Static<typeof LibraryDetailSchema>, LibraryDetail>>,
];
