import { Command, CommanderError } from 'commander';
import { deviceFrom, type CommandContext } from './context.ts';
import { ExitCode } from './exitCodes.ts';
import { reportError, type Output } from './output.ts';
import { UsageError } from './usageError.ts';
import { PACKAGE_VERSION } from './packageVersion.ts';
// Type only: erased, so the emulate command is still loaded when it runs and not before.
import type { EmulateOptions } from './commands/emulate.ts';
import { registerTokenCommands } from './commands/client/registerTokenCommands.ts';
import { inventoryThroughManager, registerClientCommands, registerManagerInventory, registerManagerMailslot, runManagerInventory, runManagerMailslot, type ClientCommandHost } from './commands/client/registerClientCommands.ts';

export interface Streams {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The `changer` command. Every subcommand takes --device and --json; the modules behind each
 * are imported only when that subcommand runs, so `changer --help` and short commands start fast.
 */
export async function runChanger(argv: string[], streams: Streams): Promise<number> {
  const json = argv.includes('--json');
  const output: Output = { json, out: streams.out, err: streams.err };
  let exit: number = ExitCode.OK;
  const program = new Command('changer')
    .description('Control SCSI media changers (tape libraries, autoloaders, optical jukeboxes) through the Windows changer model')
    .version(PACKAGE_VERSION, '-V, --version', 'print the version of changer')
    .exitOverride()
    .configureOutput({ writeOut: (s) => streams.out.write(s), writeErr: (s) => streams.err.write(s), outputError: () => undefined })
    .showSuggestionAfterError(true);

  const ctxOf = (cmd: Command): CommandContext => {
    const o = cmd.optsWithGlobals<{ device?: string }>();
    return { output, device: deviceFrom(o.device, streams.env) };
  };
  const withDevice = (c: Command): Command =>
    c.option('-d, --device <url>', 'device URL: virtual:<dir>?profile=<name>, iscsi://host[:port]/<iqn>/<lun>, sg:/dev/sgN (default $CHANGER_DEVICE or the embedded library)')
      .option('--json', 'print JSON instead of text');

  withDevice(program.command('info').description('show the changer\'s identity, element counts and features'))
    .action(async (_o, cmd: Command) => (await import('./commands/info.ts')).infoCommand(ctxOf(cmd)));
  withDevice(program.command('params').description('show GET_CHANGER_PARAMETERS').option('--winioctl', 'print the 60-byte Windows structure in hex'))
    .action(async (o: { winioctl?: boolean }, cmd: Command) => (await import('./commands/params.ts')).paramsCommand(ctxOf(cmd), o));
  withDevice(program.command('status').description('show every element and the cartridge it holds'))
    .action(async (_o, cmd: Command) => (await import('./commands/status.ts')).statusCommand(ctxOf(cmd)));
  withDevice(program.command('move <from> <to>').description('move a cartridge, e.g. changer move slot:3 drive:0').option('--invert', 'flip two-sided media on the way').option('--transport <element>', 'the transport to use'))
    .action(async (from: string, to: string, o: { invert?: boolean; transport?: string }, cmd: Command) => (await import('./commands/motion.ts')).moveCommand(ctxOf(cmd), from, to, o));
  withDevice(program.command('exchange <source> <destination1> [destination2]').description('source → destination1 and destination1 → destination2 (default: the source)').option('--invert1', 'flip the first cartridge').option('--invert2', 'flip the second cartridge'))
    .action(async (s: string, d1: string, d2: string | undefined, o: { invert1?: boolean; invert2?: boolean }, cmd: Command) => (await import('./commands/motion.ts')).exchangeCommand(ctxOf(cmd), s, d1, d2, o));
  withDevice(program.command('position <element>').description('position the transport in front of an element').option('--invert', 'flip the carried medium'))
    .action(async (e: string, o: { invert?: boolean }, cmd: Command) => (await import('./commands/motion.ts')).positionCommand(ctxOf(cmd), e, o));
  const clientHost: ClientCommandHost = { output, env: streams.env, setExit: (code) => void (exit = code) };
  registerManagerInventory(withDevice(program.command('inventory').description('re-read what every element holds (INITIALIZE ELEMENT STATUS), or with --server the manager\'s inventory').option('--no-barcode', 'do not read bar codes')))
    .action(async (o: { barcode?: boolean }, cmd: Command) => {
      const viaManager = inventoryThroughManager(cmd.opts(), ctxOf(cmd).device);
      if (viaManager !== undefined) return runManagerInventory(clientHost, viaManager);
      return (await import('./commands/inventory.ts')).inventoryCommand(ctxOf(cmd), o);
    });
  withDevice(program.command('door <action>').description('lock or unlock the door'))
    .action(async (a: string, _o, cmd: Command) => (await import('./commands/access.ts')).accessCommand(ctxOf(cmd), a, 'door'));
  registerManagerMailslot(withDevice(program.command('mailslot <action> [number]').description('open (extend), close (retract), lock or unlock an import/export port; with --server, close it through the manager')))
    .action(async (a: string, n: string | undefined, _o, cmd: Command) => {
      const viaManager = inventoryThroughManager(cmd.opts(), ctxOf(cmd).device);
      if (viaManager !== undefined) return runManagerMailslot(clientHost, a, viaManager);
      return (await import('./commands/access.ts')).accessCommand(ctxOf(cmd), a, n === undefined ? undefined : `ieport:${n}`);
    });
  withDevice(program.command('lock <element>').description('lock a door, import/export port or keypad'))
    .action(async (e: string, _o, cmd: Command) => (await import('./commands/access.ts')).accessCommand(ctxOf(cmd), 'lock', e));
  withDevice(program.command('unlock <element>').description('unlock a door, import/export port or keypad'))
    .action(async (e: string, _o, cmd: Command) => (await import('./commands/access.ts')).accessCommand(ctxOf(cmd), 'unlock', e));
  withDevice(program.command('voltag <action> [args...]').description('search <template> | assert|replace|undefine <element> [volume]').option('--alternate', 'the alternate (side B) volume tag'))
    .action(async (a: string, args: string[], o: { alternate?: boolean }, cmd: Command) => (await import('./commands/voltag.ts')).voltagCommand(ctxOf(cmd), a, args, o));
  withDevice(program.command('diagnose').description('run the changer\'s diagnostics'))
    .action(async (_o, cmd: Command) => {
      const healthy = await (await import('./commands/diagnose.ts')).diagnoseCommand(ctxOf(cmd));
      if (!healthy) exit = ExitCode.DEVICE_ERROR;
    });
  withDevice(program.command('raw <cdb...>').usage('[device-url] <cdb bytes...> [options]').description('send one CDB (hex bytes) and print status, sense and data, like sg_raw').option('--data-in <n>', 'bytes to receive').option('--data-out <hex>', 'parameter data to send'))
    .action(async (words: string[], o: { dataIn?: string; dataOut?: string }, cmd: Command) => {
      // `changer raw <device-url> <cdb…>` works as well as --device: a first word with ':' is the URL.
      const [first, ...rest] = words;
      const urlFirst = first !== undefined && first.includes(':');
      const ctx = urlFirst ? { ...ctxOf(cmd), device: first } : ctxOf(cmd);
      const good = await (await import('./commands/raw.ts')).rawCommand(ctx, urlFirst ? rest : words, o);
      if (!good) exit = ExitCode.DEVICE_ERROR;
    });

  withDevice(program.command('ioctl <code>').description('one DeviceIoControl with Windows byte buffers (IOCTL_CHANGER_*, or IOCTL_STORAGE_GET_MEDIA_TYPES_EX with --drive): prints the NTSTATUS and the output bytes')
    .option('--in <hex>', 'the input buffer').option('--out-length <n>', 'the output buffer length (default 65536)').option('--drive <drive>', 'send it to this drive\'s own device (drive:N), not the changer'))
    .action(async (code: string, o: { in?: string; outLength?: string; drive?: string }, cmd: Command) => {
      exit = await (await import('./commands/ioctl.ts')).ioctlCommand(ctxOf(cmd), code, o);
    });

  program.command('emulate').description('serve virtual libraries as iSCSI targets until SIGINT/SIGTERM (see docs/cli.md)')
    .option('--listen <host:port>', 'address to listen on; port 0 picks a free one', '127.0.0.1:3260')
    .option('--library <dir?profile=name>', 'a library to serve, repeatable: <dir>?profile=<name>[&clock=real|virtual|<n>x] (default ./data/library?profile=library-24)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--chap <user:secret>', 'initiators must log in with CHAP')
    .option('--mutual-chap <user:secret>', 'what the target answers when an initiator asks it to prove itself')
    .option('--iqn-prefix <iqn>', 'each library is <prefix>:<directory name> (default iqn.2026-11.dev.changer)')
    .option('--max-connections <n>', 'connections in all, any phase (default 1024)')
    .option('--logins-per-address <n>', 'connections from one initiator address still logging in (default 8)')
    .option('--sessions-per-address <n>', 'sessions without CHAP from one initiator address; more are refused with 03/02 (default 256)')
    .option('--login-timeout <seconds>', 'a connection that has not logged in by then is dropped (default 5)')
    .option('--nop-interval <seconds>', 'ping each session with a NOP-In this often; 0 turns pings off (default 5)')
    .option('--nop-timeout <seconds>', 'drop a session whose initiator does not answer a ping within this (default 10)')
    .option('--json', 'print JSON lines instead of text')
    .action(async (o: EmulateOptions) => (await import('./commands/emulate.ts')).emulateCommand(output, o));

  // Its flags are parsed by `changer serve` itself, the same parser `npm start` uses.
  program.command('serve').description('run the Removable Storage Manager and its API until SIGINT/SIGTERM (docs/service.md; changer serve --help)')
    .helpOption(false).allowUnknownOption().allowExcessArguments().argument('[flags...]')
    .action(async (flags: string[]) => void (exit = await (await import('./commands/serve.ts')).serveCommand(flags, streams)));

  registerClientCommands(program, clientHost);
  registerTokenCommands(program, clientHost);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return ExitCode.OK;
      return reportError(output, 'changer', new UsageError(e.message.replace(/^error: /, '')));
    }
    return reportError(output, 'changer', e);
  }
  return exit;
}
