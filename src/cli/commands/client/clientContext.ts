import { RsmClient } from '../../client/rsmClient.ts';
import { serverFrom, tokenFrom } from '../../client/serverAddress.ts';
import type { Output } from '../../output.ts';
import { UsageError } from '../../usageError.ts';

/** The options every client command takes. */
export interface ClientOptions {
  readonly server?: string;
  readonly token?: string;
  readonly library?: string;
}

/** What a client command works with: the API, where to print, and the library it is about. */
export interface ClientContext {
  readonly output: Output;
  readonly client: RsmClient;
  readonly tokenGiven: boolean;
  readonly libraryOption: string | undefined;
}

export function clientContext(output: Output, options: ClientOptions, env: NodeJS.ProcessEnv): ClientContext {
  const token = tokenFrom(options.token, env);
  return {
    output,
    client: new RsmClient({ server: serverFrom(options.server, env), token }),
    tokenGiven: token !== undefined,
    libraryOption: options.library,
  };
}

/**
 * The library a command is about: --library, or the manager's only library. With several and
 * none named, the user has to choose, and is told the names to choose from.
 */
export async function libraryOf(ctx: ClientContext): Promise<string> {
  if (ctx.libraryOption !== undefined) return ctx.libraryOption;
  const libraries = await ctx.client.libraries();
  const only = libraries[0];
  if (libraries.length === 1 && only !== undefined) return only.name;
  if (libraries.length === 0) throw new UsageError(`the manager at ${ctx.client.server} has no library yet`);
  throw new UsageError(`the manager has ${libraries.length} libraries (${libraries.map((l) => l.name).join(', ')}); pass --library <name>`);
}
