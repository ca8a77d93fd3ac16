import { ManagerError } from './managerError.ts';

/** The members of an RFC 9457 problem document the client reads (the API adds `code`). */
interface ProblemDocument {
  readonly type?: unknown;
  readonly title?: unknown;
  readonly status?: unknown;
  readonly detail?: unknown;
  readonly code?: unknown;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The code a status implies when the body carries none (a proxy's page, an empty 401…). */
function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'ACCESS_DENIED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'INVALID_STATE';
  if (status === 400 || status === 422) return 'INVALID_PARAMETER';
  if (status === 503) return 'LIBRARY_UNAVAILABLE';
  return 'HTTP_' + String(status);
}

/**
 * A non-2xx answer as a ManagerError. The body is read as a problem document when it parses as
 * one; anything else (HTML from a proxy, plain text) still gives an error with the status's code,
 * and the first line of the text as the detail, so the user sees what came back.
 */
export async function problemFrom(response: Response, server: string): Promise<ManagerError> {
  const body = await response.text().catch(() => '');
  let problem: ProblemDocument | undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) problem = parsed as ProblemDocument;
  } catch {
    problem = undefined;
  }
  const firstLine = body.split('\n', 1)[0]?.trim().slice(0, 200);
  return new ManagerError({
    kind: 'problem',
    code: text(problem?.code) ?? codeForStatus(response.status),
    status: response.status,
    detail: text(problem?.detail) ?? (problem === undefined ? text(firstLine) : undefined),
    title: text(problem?.title) ?? (text(response.statusText)),
    server,
  });
}
