// The shape of `changer tokens` (docs/service.md, docs/cli.md); the actions load tokens.ts when run.
import type { Command } from 'commander';
import { runClientCommand, type ClientCommandHost } from './registerClientCommands.ts';
import type { ClientContext, ClientOptions } from './clientContext.ts';

interface TokenOptions extends ClientOptions {
  readonly tokenFile?: string;
}

const SERVER_HELP = 'the manager\'s API (default $CHANGER_SERVER or http://127.0.0.1:7800)';

function tokenOptions(c: Command): Command {
  return c.option('--server <url>', SERVER_HELP)
    .option('--token <token>', 'an admin token (default $CHANGER_TOKEN)')
    .option('--token-file <file>', 'read the admin token from this file (the token-file changer serve wrote, e.g. /var/lib/changer/admin-token)')
    .option('--json', 'print JSON instead of text');
}

export function registerTokenCommands(program: Command, host: ClientCommandHost): void {
  const run = async (cmd: Command, work: (ctx: ClientContext) => Promise<unknown>): Promise<void> => {
    const o = cmd.opts<TokenOptions>();
    if (o.tokenFile === undefined) return runClientCommand(host, o, work);
    const file = o.tokenFile;
    let token: string;
    try {
      token = await (await import('./tokens.ts')).tokenFromFile(file);
    } catch (error) {
      // Reported as every client failure is: one line, its exit code.
      return runClientCommand(host, o, () => Promise.reject(error));
    }
    return runClientCommand(host, { ...o, token }, work);
  };
  const tokens = program.command('tokens').description('the manager\'s API tokens (admin): list (default), create, revoke');
  tokenOptions(tokens.command('list', { isDefault: true }).alias('ls').description('list tokens: id, name, role, created (never a secret)'))
    .action((_o, cmd: Command) => run(cmd, async (ctx) => (await import('./tokens.ts')).tokensListCommand(ctx)));
  tokenOptions(tokens.command('create <name>').description('create a token; its secret is printed this once').option('--role <role>', 'reader, application, operator or admin')
    .option('--library <names>', 'limit it to these libraries (comma-separated)').option('--pool <names>', 'limit it to the media of these pools and their sub-pools (comma-separated)'))
    .action((name: string, o: { role?: string; library?: string; pool?: string }, cmd: Command) => run(cmd, async (ctx) => {
      const { roleOf, scopeOf, tokensCreateCommand } = await import('./tokens.ts');
      return tokensCreateCommand(ctx, name, roleOf(o.role), scopeOf(o.library, o.pool));
    }));
  tokenOptions(tokens.command('revoke <id>').description('revoke a token by its id (changer tokens list)'))
    .action((id: string, _o, cmd: Command) => run(cmd, async (ctx) => (await import('./tokens.ts')).tokensRevokeCommand(ctx, id)));
}
