// Schemas of the operations half of the NTMS contract: operator requests from applications, a
// drive that needs cleaning, the queue order, purging finished requests, enabling, disabling and
// describing libraries, drives and media.
import { Type, type Static } from '@fastify/type-provider-typebox';
import { OPERATOR_REQUEST_KINDS, REQUEST_KINDS } from '../../rsm/catalog/index.ts';
import type { CleaningReport, ObjectState, PurgeResult, QueuedRequest } from '../../rsm/operationsContract.ts';
import { Barcode, ElementIndex, LibraryName, List, Nullable, NullableObject, StringEnum, Timestamp, type Assert, type Describes } from './common.ts';
import { RequestViewSchema } from './request.ts';

export const NewOperatorRequestSchema = Type.Object(
  {
    library: Type.Optional(LibraryName),
    kind: Type.Optional(StringEnum(OPERATOR_REQUEST_KINDS, { description: 'default message' })),
    message: Type.String({ minLength: 1, maxLength: 256, description: 'what the operator should read (NTMS_MESSAGE_LENGTH 256)' }),
  },
  { additionalProperties: false, title: 'NewOperatorRequest' },
);

export const DriveParams = Type.Object({ library: LibraryName, drive: ElementIndex }, { additionalProperties: false });

export const CleaningReportSchema = Type.Object(
  {
    library: Type.String(),
    drive: Type.Integer(),
    request: NullableObject(RequestViewSchema),
  },
  { title: 'CleaningReport', description: 'request: the cleaning queued, or null when one already was' },
);

export const QueuedRequestSchema = Type.Object(
  {
    order: Type.Integer({ minimum: 1, description: '1-based place in the queue; requests under way first' }),
    id: Type.Integer(),
    kind: StringEnum(REQUEST_KINDS),
    state: StringEnum(['queued', 'waiting', 'in-progress'] as const),
    priority: Type.Integer(),
    effectivePriority: Type.Integer({ description: 'priority raised by waiting' }),
    submittedAt: Timestamp,
    drive: Nullable(Type.Integer()),
  },
  { title: 'QueuedRequest' },
);

export const RequestOrderBodySchema = Type.Object(
  { position: StringEnum(['front', 'back'] as const, { description: 'before or after every request that has not started' }) },
  { additionalProperties: false },
);

export const PurgeQuerySchema = Type.Object(
  {
    olderThanDays: Type.Number({ minimum: 0, maximum: 36500, description: 'delete finished requests that ended more than this many days ago (0: all finished)' }),
    library: Type.Optional(LibraryName),
  },
  { additionalProperties: false },
);

export const PurgeResultSchema = Type.Object({ deleted: Type.Integer(), before: Timestamp }, { title: 'PurgeResult' });

export const DisableBodySchema = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 256, description: 'why: shown in drive views and in every refusal it causes' })) },
  { additionalProperties: false },
);

export const EmptyObjectBodySchema = Type.Object({}, { additionalProperties: false });

export const ObjectInformationSchema = Type.Object(
  {
    name: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 127 }))),
    deferDismountSeconds: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 86_400, description: 'drives only (dwDeferDismountDelay): seconds a dismounted medium stays in the drive; 0 off; null: the manager\'s default' }))),
  },
  { additionalProperties: false, title: 'ObjectInformation', description: 'SetNtmsObjectInformation: null or "" clears' },
);

export const LibraryInformationSchema = Type.Object(
  { description: Type.Optional(Nullable(Type.String({ maxLength: 127 }))) },
  { additionalProperties: false, description: 'a library keeps its name (it is in every URL and rsm:// address)' },
);

export const MediumObjectParams = Type.Object({ library: LibraryName, barcode: Barcode }, { additionalProperties: false });

export const ObjectStateSchema = Type.Object(
  {
    type: StringEnum(['library', 'drive', 'medium'] as const),
    library: Type.String(),
    key: Type.Unsafe<number | string | null>({ type: ['integer', 'string', 'null'], description: 'drive index or barcode; null for a library' }),
    enabled: Type.Boolean(),
    disabledReason: Nullable(Type.String()),
    name: Nullable(Type.String()),
    description: Nullable(Type.String()),
    deferDismountSeconds: Nullable(Type.Number({ description: 'a drive\'s own deferred-dismount delay; null: the manager\'s default' })),
  },
  { title: 'ObjectState' },
);

export type _OperationsChecks = [
  Assert<Describes<Static<typeof QueuedRequestSchema>, QueuedRequest>>,
  Assert<Describes<Static<typeof PurgeResultSchema>, PurgeResult>>,
  Assert<Describes<Static<typeof ObjectStateSchema>, ObjectState>>,
  Assert<Describes<Static<typeof CleaningReportSchema>, CleaningReport>>,
];

export const QueueList = List(QueuedRequestSchema);

export const AuditBodySchema = Type.Object(
  {
    from: ElementIndex,
    to: ElementIndex,
  },
  { additionalProperties: false, title: 'SlotAudit', description: 'zero-based slot indexes, both included (slot 0 is the first slot)' },
);
