import { Type, type Static } from '@fastify/type-provider-typebox';
import { POOL_TYPES, type Pool } from '../../rsm/catalog/index.ts';
import type { NewPool } from '../../rsm/service.ts';
import { Nullable, StringEnum, Timestamp, type Accepts, type Assert, type Describes } from './common.ts';

export const PoolSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    type: StringEnum(POOL_TYPES),
    mediaType: Nullable(Type.String()),
    parentId: Nullable(Type.String()),
    allocateFromScratch: Type.Boolean(),
    deallocateToScratch: Type.Boolean(),
    maxAllocations: Nullable(Type.Integer()),
    createdAt: Timestamp,
  },
  { title: 'Pool' },
);

export const NewPoolSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    mediaType: Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'a data cartridge type: LTO-1 … LTO-10, LTO-M8, LTO-10-PA, LTO-3-WORM … LTO-10-WORM; null for a pool of pools' })),
    parent: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'parent pool name' })),
    allocateFromScratch: Type.Optional(Type.Boolean()),
    deallocateToScratch: Type.Optional(Type.Boolean()),
    maxAllocations: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
  },
  { additionalProperties: false, title: 'NewPool' },
);

export type _PoolChecks = [Assert<Describes<Static<typeof PoolSchema>, Pool>>, Assert<Describes<NewPool, Static<typeof NewPoolSchema>>>, Assert<Accepts<Static<typeof NewPoolSchema>, NewPool>>];
