import { Type, type Static } from '@fastify/type-provider-typebox';
import { OPERATOR_REQUEST_KINDS, OPERATOR_REQUEST_STATES, type OperatorRequest } from '../../rsm/catalog/index.ts';
import { CommaList, LibraryName, Nullable, StringEnum, Timestamp, type Assert, type Describes } from './common.ts';

export const OperatorRequestSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: StringEnum(OPERATOR_REQUEST_KINDS),
    state: StringEnum(OPERATOR_REQUEST_STATES),
    message: Type.String(),
    libraryId: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    barcode: Nullable(Type.String()),
    mediumId: Nullable(Type.String()),
    poolId: Nullable(Type.String()),
    driveIndex: Nullable(Type.Integer()),
    application: Nullable(Type.String()),
    user: Nullable(Type.String()),
    submittedAt: Timestamp,
    updatedAt: Timestamp,
    resolvedBy: Nullable(Type.String()),
  },
  { title: 'OperatorRequest' },
);

export const OperatorRequestQuerySchema = Type.Object(
  {
    library: Type.Optional(LibraryName),
    state: Type.Optional(CommaList(OPERATOR_REQUEST_STATES, 'states')),
    kind: Type.Optional(CommaList(OPERATOR_REQUEST_KINDS, 'kinds')),
  },
  { additionalProperties: false },
);

export const RefuseBodySchema = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 1000, description: 'why the operator refuses' })) },
  { additionalProperties: false },
);

export type _OperatorRequestChecks = [Assert<Describes<Static<typeof OperatorRequestSchema>, OperatorRequest>>];

export const MailslotClosingSchema = Type.Object(
  {
    library: Type.String(),
    state: StringEnum(['closed', 'waiting-for-operator'] as const, { description: 'closed: by the library, or it was not open; waiting-for-operator: only the operator can close it' }),
    operatorRequest: Nullable(OperatorRequestSchema),
  },
  { additionalProperties: false },
);
