// A bare HTTP client for the tests: fetch with a token, JSON in and out, the status and headers
// kept so tests assert what a client would see.
export interface Answer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface CallOptions {
  readonly body?: unknown;
  /** Sent as is (malformed JSON tests). */
  readonly raw?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export class ApiClient {
  constructor(
    readonly url: string,
    readonly token: string | null,
    readonly application?: string,
  ) {}

  /** The same token, calling itself another application (X-Application). */
  as(application: string): ApiClient {
    return new ApiClient(this.url, this.token, application);
  }

  withToken(token: string | null): ApiClient {
    return new ApiClient(this.url, token, this.application);
  }

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.token !== null) headers.authorization = `Bearer ${this.token}`;
    if (this.application !== undefined) headers['x-application'] = this.application;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.url + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const parsed: unknown = type.includes('json') && text !== '' ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = unknown>(path: string, options?: CallOptions): Promise<Answer<T>> {
    return this.call<T>('GET', path, options);
  }

  post<T = unknown>(path: string, body: unknown = {}, options: CallOptions = {}): Promise<Answer<T>> {
    return this.call<T>('POST', path, { ...options, body });
  }

  delete<T = unknown>(path: string): Promise<Answer<T>> {
    return this.call<T>('DELETE', path);
  }
}
