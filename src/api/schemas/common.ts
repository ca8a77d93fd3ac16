// Schema building blocks shared by the route groups. Nullable primitives and string enums are
// written as `type: [x, 'null']` / `enum` rather than anyOf: the response serializer picks anyOf
// branches by validating each one, which costs more than the rest of a media listing.
import { Type, type Static, type TSchema, type TUnsafe } from '@fastify/type-provider-typebox';

export function StringEnum<const V extends readonly string[]>(values: V, options: { description?: string } = {}): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values], ...options });
}

/** A primitive (string, integer, number, boolean, string enum) or null. */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const primitive = schema as unknown as { type?: unknown; enum?: unknown };
  if (typeof primitive.type !== 'string') throw new Error('Nullable() takes a primitive schema; use NullableObject() for objects');
  const enumValues = Array.isArray(primitive.enum) ? { enum: [...(primitive.enum as unknown[]), null] } : {};
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [primitive.type, 'null'], ...enumValues });
}

/** An object or null (anyOf: only for a few small fields). */
export function NullableObject<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  return Type.Unsafe<Static<T> | null>({ anyOf: [schema, { type: 'null' }] });
}

/** An array whose static type is readonly, as the service's are. */
export function List<T extends TSchema>(items: T, options: { description?: string; minItems?: number; maxItems?: number; uniqueItems?: boolean } = {}): TUnsafe<readonly Static<T>[]> {
  return Type.Unsafe<readonly Static<T>[]>({ type: 'array', items, ...options });
}

/** Epoch milliseconds. */
export const Timestamp = Type.Number({ description: 'epoch milliseconds' });

export const LibraryName = Type.String({ minLength: 1, maxLength: 128, description: 'the library name (as in rsm://host/<library>)' });

/** SMC primary volume tags are 32 characters. */
export const Barcode = Type.String({ minLength: 1, maxLength: 32, description: 'the medium\'s barcode (volume tag)' });

export const Priority = Type.Integer({ minimum: -15, maximum: 15, description: '−15 (lowest) … +15 (highest); default 0' });

export const TimeoutMs = Type.Integer({ minimum: 1, maximum: 7 * 24 * 3600 * 1000, description: 'fail the request with timed-out when not done within this many ms' });

export const ElementIndex = Type.Integer({ minimum: 0, maximum: 65535, description: 'zero-based index within its element type' });

/** `a,b,c` where each word is one of `values`: list filters in query strings. */
export function CommaList(values: readonly string[], description: string): TUnsafe<string> {
  const word = `(${values.join('|')})`;
  return Type.Unsafe<string>({ type: 'string', pattern: `^${word}(,${word})*$`, description: `${description}: comma-separated, any of ${values.join(', ')}` });
}

export function splitList<T extends string>(list: string | undefined): T[] | undefined {
  return list === undefined ? undefined : (list.split(',') as T[]);
}

/** Wait up to this long for a final state before answering (long polling). */
export const WaitQuery = Type.Object(
  { wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, description: 'wait up to this many ms for a final state' })) },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false });

export const LibraryParams = Type.Object({ library: LibraryName }, { additionalProperties: false });

/**
 * Compile-time check that a schema describes a service type: every value of the type fits the
 * schema, and the schema names every field of the type (a missing field would be silently
 * dropped by the response serializer).
 */
export type Describes<Schema, Value> = [Writable<Value>] extends [Schema] ? (Exclude<keyof Value, keyof Schema> extends never ? true : false) : false;
/** Service types are deeply readonly; schema statics are not. */
type Writable<T> = T extends readonly (infer E)[] ? Writable<E>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;
export type Assert<T extends true> = T;

/** A request schema accepts every field of the service order it feeds (none forgotten). */
export type Accepts<Schema, Order> = Exclude<keyof Order, keyof Schema> extends never ? true : false;
