// Every error that can end a request, turned into a problem: the manager's RsmErrors by code,
// the catalog's and the front panel's (which should reach us wrapped, but a refusal must never
// become a 500 because a layer forgot to wrap it), Fastify's validation and body-parser errors,
// and anything else as a 500 whose detail points to the log rather than leaking internals.
import type { FastifyError } from 'fastify';
import { isCatalogError, type CatalogErrorCode } from '../rsm/catalog/index.ts';
import { FrontPanelError, type FrontPanelErrorCode } from '../shared/frontPanel.ts';
import { isRsmError, type RsmErrorCode } from '../rsm/rsmError.ts';
import { ApiError } from './apiError.ts';
import { makeProblem, type Problem } from './problem.ts';

export const RSM_ERROR_STATUS: Readonly<Record<RsmErrorCode, number>> = {
  NOT_FOUND: 404,
  INVALID_PARAMETER: 400,
  INVALID_STATE: 409,
  MEDIA_UNAVAILABLE: 409,
  MEDIA_INCOMPATIBLE: 409,
  LIBRARY_UNAVAILABLE: 503,
  ACCESS_DENIED: 403,
  DEVICE_ERROR: 502,
  SHUTTING_DOWN: 503,
};

/** Catalog refusals as the RsmError the manager should have wrapped them in. */
const CATALOG_ERROR_CODE: Partial<Readonly<Record<CatalogErrorCode, RsmErrorCode>>> = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID_PARAMETER: 'INVALID_PARAMETER',
  NO_SUCH_ELEMENT: 'INVALID_PARAMETER',
  INVALID_MEDIA_POOL: 'INVALID_PARAMETER',
  ALREADY_EXISTS: 'INVALID_STATE',
  ELEMENT_FULL: 'INVALID_STATE',
  ELEMENT_OCCUPIED: 'INVALID_STATE',
  DUPLICATE_BARCODE: 'INVALID_STATE',
  INVALID_STATE: 'INVALID_STATE',
  POOL_NOT_EMPTY: 'INVALID_STATE',
  MEDIA_UNAVAILABLE: 'MEDIA_UNAVAILABLE',
  MEDIA_INCOMPATIBLE: 'MEDIA_INCOMPATIBLE',
  UNAVAILABLE: 'LIBRARY_UNAVAILABLE',
  LEASE_HELD: 'LIBRARY_UNAVAILABLE',
  LEASE_LOST: 'LIBRARY_UNAVAILABLE',
};

function frontPanelStatus(code: FrontPanelErrorCode): { status: number; code: string } {
  if (code === 'NO_SUCH_ELEMENT' || code === 'NO_SUCH_MAILSLOT' || code === 'NO_SUCH_MAGAZINE') return { status: 404, code: 'NOT_FOUND' };
  if (code === 'BAD_CARTRIDGE') return { status: 400, code: 'INVALID_PARAMETER' };
  return { status: 409, code: 'INVALID_STATE' };
}

/** Fastify's own client errors, by their FST_ code; anything else keeps its status. */
const FASTIFY_ERROR_CODE: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
};

interface AjvIssue {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

interface FieldError {
  readonly in: string;
  readonly field: string;
  readonly message: string;
}

/**
 * "body/drive must be integer" → in: body, field: /drive. Unknown and missing fields are named
 * (TypeBox lists them in arrays, Ajv one per issue; both are understood).
 */
function fieldErrors(context: string, issue: AjvIssue): FieldError[] {
  const path = issue.instancePath ?? '';
  const params = issue.params ?? {};
  const names = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);
  if (issue.keyword === 'additionalProperties') {
    return names(params.additionalProperties ?? params.additionalProperty).map((name) => ({ in: context, field: `${path}/${name}`, message: 'is not a known field' }));
  }
  if (issue.keyword === 'required') {
    return names(params.requiredProperties ?? params.missingProperty).map((name) => ({ in: context, field: `${path}/${name}`, message: 'is required' }));
  }
  // TypeBox reports an unknown field twice: also as the `false` schema it met at that field.
  if (issue.keyword === 'boolean') return [{ in: context, field: path, message: 'is not a known field' }];
  return [{ in: context, field: path === '' ? '/' : path, message: issue.message ?? 'is invalid' }];
}

function validationProblem(error: FastifyError, instance: string): Problem {
  const context = error.validationContext ?? 'body';
  const issues = (error.validation ?? []) as readonly AjvIssue[];
  const seen = new Set<string>();
  const errors = issues.flatMap((issue) => fieldErrors(context, issue)).filter((e) => {
    const key = `${e.field} ${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const detail = errors.length === 0 ? error.message : errors.map((e) => `${e.in}${e.field === '/' ? '' : e.field} ${e.message}`).join('; ');
  return makeProblem(400, 'INVALID_PARAMETER', detail, instance, { errors });
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && ('statusCode' in error || 'validation' in error);
}

function codeForStatus(status: number): string {
  if (status === 404) return 'NOT_FOUND';
  if (status === 406) return 'NOT_ACCEPTABLE';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  return 'INVALID_PARAMETER';
}

/** The problem for an error; `internal` is true when it is our fault and must be logged as such. */
export function problemFor(error: unknown, instance: string, requestId: string): { problem: Problem; internal: boolean } {
  if (error instanceof ApiError) return { problem: makeProblem(error.status, error.code, error.message, instance, error.extensions), internal: false };
  if (isRsmError(error)) {
    const extensions = Object.keys(error.detail).length === 0 ? {} : { context: error.detail };
    return { problem: makeProblem(RSM_ERROR_STATUS[error.code], error.code, error.message, instance, extensions), internal: false };
  }
  if (isCatalogError(error)) {
    const code = CATALOG_ERROR_CODE[error.code];
    if (code !== undefined) return { problem: makeProblem(RSM_ERROR_STATUS[code], code, error.message, instance, { reason: error.code }), internal: false };
  }
  if (error instanceof FrontPanelError) {
    const mapped = frontPanelStatus(error.code);
    return { problem: makeProblem(mapped.status, mapped.code, error.message, instance, { reason: error.code }), internal: false };
  }
  if (isFastifyError(error)) {
    if (error.validation !== undefined) return { problem: validationProblem(error, instance), internal: false };
    const status = error.statusCode ?? 500;
    if (error instanceof SyntaxError && status === 400) {
      return { problem: makeProblem(400, 'INVALID_PARAMETER', `the body is not valid JSON: ${error.message}`, instance), internal: false };
    }
    if (status >= 400 && status < 500) {
      const code = FASTIFY_ERROR_CODE[error.code] ?? codeForStatus(status);
      return { problem: makeProblem(status, code, error.message, instance), internal: false };
    }
  }
  const detail = `The manager failed to answer; its log has the cause (request ${requestId}).`;
  return { problem: makeProblem(500, 'INTERNAL_ERROR', detail, instance, { requestId }), internal: true };
}
