import { Type } from '@fastify/type-provider-typebox';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'urn:changer:problem:<code>' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String({ description: 'the request path' }),
    code: Type.String({ description: 'NOT_FOUND, INVALID_PARAMETER, INVALID_STATE, MEDIA_UNAVAILABLE, MEDIA_INCOMPATIBLE, LIBRARY_UNAVAILABLE, ACCESS_DENIED, UNAUTHORIZED, DEVICE_ERROR, SHUTTING_DOWN, …' }),
    errors: Type.Optional(
      Type.Array(Type.Object({ in: Type.String(), field: Type.String({ description: 'JSON pointer' }), message: Type.String() }), {
        description: 'validation errors: which part of the request, which field, what is wrong',
      }),
    ),
  },
  { additionalProperties: true, title: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' },
);

/** The error responses every protected route documents. */
export const ErrorResponses = {
  '4xx': ProblemSchema,
  '5xx': ProblemSchema,
} as const;
