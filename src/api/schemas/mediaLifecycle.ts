// Schemas of the media services (rsm/mediaContract.ts): allocate, deallocate, complete,
// decommission, swap sides, move to a pool, delete a medium or a pool.
import { Type, type Static } from '@fastify/type-provider-typebox';
import type { AllocateOrder, MediumAllocation } from '../../rsm/mediaContract.ts';
import { Barcode, LibraryName, Nullable, type Accepts, type Assert, type Describes } from './common.ts';
import { MediumViewSchema } from './medium.ts';

const PoolName = Type.String({ minLength: 1, maxLength: 128, description: 'the pool name' });
const Side = Type.Integer({ minimum: 0, maximum: 1, description: 'the side: 0 (A, and every tape) or 1 (B of two-sided media); default 0' });

export const AllocateOrderSchema = Type.Object(
  {
    pool: PoolName,
    library: Type.Optional(LibraryName),
    barcode: Type.Optional(Barcode),
    side: Type.Optional(Side),
  },
  { additionalProperties: false, title: 'AllocateOrder', description: 'an application pool; optionally one library, one medium (with library) and side' },
);

export const MediumAllocationSchema = Type.Object(
  {
    medium: MediumViewSchema,
    side: Type.Integer(),
    allocatedFrom: Type.String({ description: 'the pool the medium was taken from: the pool itself or its free pool' }),
  },
  { title: 'MediumAllocation' },
);

export const SideBodySchema = Type.Object({ side: Type.Optional(Side) }, { additionalProperties: false });

export const PoolMoveBodySchema = Type.Object({ pool: PoolName }, { additionalProperties: false });

const SideRefSchema = Type.Object({ barcode: Barcode, side: Type.Optional(Side) }, { additionalProperties: false });

export const SwapBodySchema = Type.Object({ first: SideRefSchema, second: SideRefSchema }, { additionalProperties: false, title: 'SwapOrder' });

export const PoolPolicySchema = Type.Object(
  {
    allocateFromScratch: Type.Optional(Type.Boolean({ description: 'NTMS_ALLOCATE_FROMSCRATCH: when the pool has no available side, take one from the free pool' })),
    deallocateToScratch: Type.Optional(Type.Boolean({ description: 'NTMS_DEALLOCATE_TOSCRATCH: a deallocated medium goes back to the free pool' })),
    maxAllocations: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'allocations after which a side is decommissioned (dwMaxAllocates); null: no limit' }))),
  },
  { additionalProperties: false, minProperties: 1, title: 'PoolPolicy' },
);

export const PoolParams = Type.Object({ pool: PoolName }, { additionalProperties: false });

export type _MediaLifecycleChecks = [
  Assert<Describes<Static<typeof MediumAllocationSchema>, MediumAllocation>>,
  Assert<Accepts<Static<typeof AllocateOrderSchema>, AllocateOrder>>,
];
