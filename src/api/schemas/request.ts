import { Type, type Static } from '@fastify/type-provider-typebox';
import { MEDIUM_ELEMENT_TYPES, REQUEST_KINDS, REQUEST_STATES } from '../../rsm/catalog/index.ts';
import type { CleanOrder, DismountOrder, EjectOrder, InjectOrder, InventoryOrder, MountOrder, MoveOrder, RequestView } from '../../rsm/service.ts';
import {
  Barcode, CommaList, ElementIndex, LibraryName, List, Nullable, NullableObject, Priority, StringEnum, TimeoutMs, Timestamp, type Accepts, type Assert, type Describes,
} from './common.ts';

const Destination = Type.Object({ type: StringEnum(MEDIUM_ELEMENT_TYPES), index: Type.Integer() });

export const RequestViewSchema = Type.Object(
  {
    id: Type.Integer(),
    libraryId: Type.String(),
    libraryName: Type.String(),
    kind: StringEnum(REQUEST_KINDS),
    state: StringEnum(REQUEST_STATES),
    priority: Type.Integer(),
    application: Nullable(Type.String()),
    user: Nullable(Type.String()),
    mediumId: Nullable(Type.String()),
    barcode: Nullable(Type.String()),
    side: Nullable(Type.Integer()),
    poolId: Nullable(Type.String()),
    driveIndex: Nullable(Type.Integer()),
    drive: NullableObject(
      Type.Object({
        index: Type.Integer(),
        serialNumber: Nullable(Type.String()),
        deviceUrl: Nullable(Type.String({ description: "the drive's own device, where applications read and write the mounted medium (for the embedded library: iscsi://host[:port]/<iqn>/<lun> as npm start serves it); never with credentials" })),
      }, { description: 'the drive of driveIndex, as an application reaches it; null while no drive is chosen' }),
    ),
    destination: NullableObject(Destination),
    options: Type.Record(Type.String(), Type.Unknown()),
    deadlineAt: Nullable(Timestamp),
    submittedAt: Timestamp,
    startedAt: Nullable(Timestamp),
    finishedAt: Nullable(Timestamp),
    errorCode: Nullable(Type.String()),
    errorMessage: Nullable(Type.String()),
    claimedBy: Nullable(Type.String()),
    history: List(Type.Object({ state: StringEnum(REQUEST_STATES), at: Timestamp, note: Nullable(Type.String()) })),
  },
  { title: 'Request' },
);

const Access = StringEnum(['read', 'write'] as const);
const Via = StringEnum(['mailslot', 'door'] as const, { description: 'through the import/export ports (default) or the door' });

export const MountOrderSchema = Type.Object(
  {
    library: LibraryName,
    barcode: Type.Optional(Barcode),
    mediumId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the medium by its catalog id instead of its barcode (as POST /v1/allocations answers it)' })),
    pool: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'without barcode: allocate a scratch medium from this pool' })),
    side: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
    drive: Type.Optional(ElementIndex),
    access: Type.Optional(Access),
    priority: Type.Optional(Priority),
    timeoutMs: Type.Optional(TimeoutMs),
  },
  { additionalProperties: false, title: 'MountOrder', description: 'a barcode, or a pool to allocate from' },
);

export const DismountOrderSchema = Type.Object(
  {
    library: LibraryName,
    drive: Type.Optional(ElementIndex),
    barcode: Type.Optional(Barcode),
    placement: Type.Optional(StringEnum(['home', 'nearest'] as const)),
    deallocate: Type.Optional(Type.Boolean()),
    immediate: Type.Optional(Type.Boolean({ description: 'take it out now even when the manager defers dismounts' })),
    priority: Type.Optional(Priority),
    timeoutMs: Type.Optional(TimeoutMs),
  },
  { additionalProperties: false, title: 'DismountOrder', description: 'a drive, or the barcode of the medium to take out' },
);

const ElementRef = Type.Object(
  { type: StringEnum(MEDIUM_ELEMENT_TYPES), index: ElementIndex },
  { additionalProperties: false },
);

/** Bodies of the library-scoped requests: the library comes from the path. */
export const MoveBodySchema = Type.Object(
  { from: ElementRef, to: ElementRef, priority: Type.Optional(Priority), timeoutMs: Type.Optional(TimeoutMs) },
  { additionalProperties: false, title: 'MoveOrder' },
);

export const InventoryBodySchema = Type.Object(
  { mode: Type.Optional(StringEnum(['fast', 'full'] as const, { description: 'fast: barcodes; full: also identify unlabelled media' })) },
  { additionalProperties: false, title: 'InventoryOrder' },
);

export const InjectBodySchema = Type.Object(
  {
    via: Type.Optional(Via),
    pool: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    cleanerUses: Type.Optional(Type.Integer({ minimum: -1, maximum: 10_000, description: 'cleanings left on the cleaners this inject brings in (−1: not counted, the default)' })),
    timeoutMs: Type.Optional(TimeoutMs),
  },
  { additionalProperties: false, title: 'InjectOrder' },
);

export const EjectBodySchema = Type.Object(
  { barcodes: List(Barcode, { minItems: 1, maxItems: 1000, uniqueItems: true }), via: Type.Optional(Via), timeoutMs: Type.Optional(TimeoutMs) },
  { additionalProperties: false, title: 'EjectOrder' },
);

export const CleanBodySchema = Type.Object(
  { drive: ElementIndex, priority: Type.Optional(Priority), timeoutMs: Type.Optional(TimeoutMs) },
  { additionalProperties: false, title: 'CleanOrder' },
);

export const RequestQuerySchema = Type.Object(
  {
    library: Type.Optional(LibraryName),
    state: Type.Optional(CommaList(REQUEST_STATES, 'states')),
    kind: Type.Optional(CommaList(REQUEST_KINDS, 'kinds')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

type WithoutLibrary<T> = Omit<T, 'library'>;

export type _RequestChecks = [
  Assert<Describes<Static<typeof RequestViewSchema>, RequestView>>,
  Assert<Describes<MountOrder, Static<typeof MountOrderSchema>>>,
  Assert<Describes<DismountOrder, Static<typeof DismountOrderSchema>>>,
  Assert<Describes<WithoutLibrary<MoveOrder>, Static<typeof MoveBodySchema>>>,
  Assert<Describes<WithoutLibrary<InventoryOrder>, Static<typeof InventoryBodySchema>>>,
  Assert<Describes<WithoutLibrary<InjectOrder>, Static<typeof InjectBodySchema>>>,
  Assert<Describes<WithoutLibrary<EjectOrder>, Static<typeof EjectBodySchema>>>,
  Assert<Describes<WithoutLibrary<CleanOrder>, Static<typeof CleanBodySchema>>>,
  Assert<Accepts<Static<typeof MountOrderSchema>, MountOrder>>,
  Assert<Accepts<Static<typeof DismountOrderSchema>, DismountOrder>>,
  Assert<Accepts<Static<typeof MoveBodySchema>, WithoutLibrary<MoveOrder>>>,
  Assert<Accepts<Static<typeof InventoryBodySchema>, WithoutLibrary<InventoryOrder>>>,
  Assert<Accepts<Static<typeof InjectBodySchema>, WithoutLibrary<InjectOrder>>>,
  Assert<Accepts<Static<typeof EjectBodySchema>, WithoutLibrary<EjectOrder>>>,
  Assert<Accepts<Static<typeof CleanBodySchema>, WithoutLibrary<CleanOrder>>>,
];
