// The page's one way to the API: same origin, the session's bearer token, and every failure
// turned into the API's problem+json title and detail (or a plain sentence when the manager
// cannot be reached), so the page always has words to show instead of a blank.

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail === '' ? title : `${title}: ${detail}`);
  }
}

export class Api {
  constructor(private readonly token: string) {}

  get authorization(): string {
    return `Bearer ${this.token}`;
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: { authorization: this.authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiProblem(0, 'The manager cannot be reached', 'check that it is running and reload the page');
    }
    const text = await response.text();
    const parsed: unknown = text === '' ? null : safeJson(text);
    if (!response.ok) throw problemOf(response.status, parsed, text);
    return parsed as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function problemOf(status: number, body: unknown, text: string): ApiProblem {
  if (typeof body === 'object' && body !== null && 'title' in body) {
    const { title, detail } = body as { title: unknown; detail?: unknown };
    return new ApiProblem(status, String(title), typeof detail === 'string' ? detail : '');
  }
  return new ApiProblem(status, `HTTP ${status}`, text.slice(0, 200));
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
