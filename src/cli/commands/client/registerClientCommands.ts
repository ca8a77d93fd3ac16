// The manager client subcommands of `changer` (docs/cli.md, "Manager client commands"). Only the
// command-line shape lives here; each action loads its module when it runs, so `changer --help`
// and the direct-device commands do not pay for the HTTP client.
import type { Command } from 'commander';
import { parseDeviceUrl } from '../../../transport/deviceUrl.ts';
import type { Output } from '../../output.ts';
import type { ClientContext, ClientOptions } from './clientContext.ts';
import type { MediaFilterOptions } from './mediaLifecycle.ts';

export interface ClientCommandHost {
  readonly output: Output;
  readonly env: NodeJS.ProcessEnv;
  /** A failed client command reports itself and sets the exit code here. */
  setExit(code: number): void;
}

type Work = (ctx: ClientContext) => Promise<unknown>;

const SERVER_HELP = 'the manager\'s API (default $CHANGER_SERVER or http://127.0.0.1:7800)';
const TOKEN_HELP = 'API token (default $CHANGER_TOKEN; changer tokens create makes one; npm start in a checkout prints its admin token)';

/** --server, --token, --json, and --library where the command is about one library. */
function clientOptions(c: Command, library = true): Command {
  c.option('--server <url>', SERVER_HELP).option('--token <token>', TOKEN_HELP).option('--json', 'print JSON instead of text');
  return library ? c.option('--library <name>', 'the library (may be left out when the manager has one)') : c;
}

/** Runs a client command with its context; a failure becomes one line and the exit code. */
export async function runClientCommand(host: ClientCommandHost, options: ClientOptions, work: Work): Promise<void> {
  const { clientContext } = await import('./clientContext.ts');
  const { reportClientError } = await import('../../client/clientFailure.ts');
  let tokenGiven = false;
  try {
    const ctx = clientContext(host.output, options, host.env);
    tokenGiven = ctx.tokenGiven;
    await work(ctx);
  } catch (e) {
    host.setExit(reportClientError(host.output, e, tokenGiven));
  }
}

export function registerClientCommands(program: Command, host: ClientCommandHost): void {
  const run = (cmd: Command, work: Work): Promise<void> => runClientCommand(host, cmd.opts<ClientOptions>(), work);

  clientOptions(program.command('libraries [name]').description('the manager\'s libraries, or one library with its drives'), false)
    .action((name: string | undefined, _o, cmd: Command) => run(cmd, async (ctx) => (await import('./libraries.ts')).librariesCommand(ctx, name)));

  const media = program.command('media').description('media in the manager\'s catalog: ls, show, mount, dismount, inject, eject, allocate, deallocate, complete, decommission, pool, swap, delete');
  clientOptions(media.command('ls', { isDefault: true }).description('list media').option('--pool <pool>', 'only this pool').option('--location <type>', 'slot, drive, ieport, transport or outside').option('--barcode <barcode>', 'this barcode, or a pattern: * any characters, ? one (quote it: \'A0000*\')').option('--limit <n>', 'at most n media')
    .option('--state <states>', 'e.g. idle or mounted,loaded').option('--side-state <states>', 'a side in one of these, e.g. available (scratch)').option('--media-type <type>', 'e.g. LTO-8')
    .option('--mounted-since <when>', 'last mounted at or after: 2026-12-01, an ISO time, or 7d (days ago)').option('--mounted-before <when>', 'last mounted before (or never)'))
    .action((o: { pool?: string; location?: string; barcode?: string; limit?: string } & MediaFilterOptions, cmd: Command) => run(cmd, async (ctx) => {
      const { mediaListCommand } = await import('./media.ts');
      const { optionalInteger, wordList } = await import('./arguments.ts');
      const { mediaFilters } = await import('./mediaLifecycle.ts');
      const location = wordList(o.location, 'location', ['slot', 'drive', 'ieport', 'transport', 'outside'] as const)?.[0];
      return mediaListCommand(ctx, { pool: o.pool, location, barcode: o.barcode, limit: optionalInteger(o.limit, '--limit', 1), filters: mediaFilters(o) });
    }));
  clientOptions(media.command('show <barcode>').description('one medium, every field'))
    .action((barcode: string, _o, cmd: Command) => run(cmd, async (ctx) => (await import('./media.ts')).mediaShowCommand(ctx, barcode)));
  clientOptions(media.command('mount [barcode]').description('mount a medium by barcode, or a scratch medium from a pool (--pool); waits until it is mounted')
    .option('--pool <pool>', 'allocate a scratch medium from this pool').option('--id <medium-id>', 'the medium by its catalog id (as media allocate --json answers it)').option('--drive <n>', 'this drive (default: any drive that can take the medium)')
    .option('--side <n>', 'the side of a two-sided medium').option('--write', 'the drive must write the media type, not just read it')
    .option('--priority <n>', '-15 (lowest) … 15 (highest), default 0').option('--timeout <seconds>', 'fail if not mounted within this time').option('--no-wait', 'print the queued request and return'))
    .action((barcode: string | undefined, o: Record<string, string | boolean | undefined>, cmd: Command) => run(cmd, async (ctx) => (await import('./mounts.ts')).mountCommand(ctx, barcode, o)));
  clientOptions(media.command('dismount <target>').description('dismount drive:N, or the medium with this barcode from its drive; waits until it is home')
    .option('--deallocate', 'give the side back to its pool\'s scratch policy').option('--nearest', 'put it in the nearest free slot instead of its home')
    .option('--immediate', 'take it out now even when the manager defers dismounts')
    .option('--priority <n>', '-15 … 15').option('--timeout <seconds>', 'fail if not dismounted within this time').option('--no-wait', 'print the queued request and return'))
    .action((target: string, o: Record<string, string | boolean | undefined>, cmd: Command) => run(cmd, async (ctx) => (await import('./mounts.ts')).dismountCommand(ctx, target, o)));
  clientOptions(media.command('inject').description('take in media from the mailslot (or through the door)').option('--via <way>', 'mailslot (default) or door').option('--pool <pool>', 'the pool unknown media go to')
    .option('--timeout <seconds>', 'give up (timed-out) when not done within this time, waiting for the operator included').option('--no-wait', 'do not wait'))
    .action((o: { via?: string; pool?: string; timeout?: string; wait?: boolean }, cmd: Command) => run(cmd, async (ctx) => (await import('./mailslot.ts')).injectCommand(ctx, o)));
  clientOptions(media.command('eject <barcodes...>').description('hand media out through the mailslot (or the door)').option('--via <way>', 'mailslot (default) or door')
    .option('--timeout <seconds>', 'give up (timed-out) when not done within this time, waiting for the operator included').option('--no-wait', 'do not wait'))
    .action((barcodes: string[], o: { via?: string; timeout?: string; wait?: boolean }, cmd: Command) => run(cmd, async (ctx) => (await import('./mailslot.ts')).ejectCommand(ctx, barcodes, o)));

  const pools = program.command('pools').description('media pools: ls (default), create, set, delete');
  clientOptions(pools.command('ls', { isDefault: true }).description('list pools'), false)
    .action((_o, cmd: Command) => run(cmd, async (ctx) => (await import('./pools.ts')).poolsCommand(ctx)));
  clientOptions(pools.command('create <name>').description('create an application pool').option('--media-type <type>', 'the media type it holds (e.g. LTO-8)')
    .option('--parent <pool>', 'the pool it belongs to').option('--no-scratch', 'never take from or give back to the free pool').option('--max-allocations <n>', 'how often a side may be allocated'), false)
    .action((name: string, o: Record<string, string | boolean | undefined>, cmd: Command) => run(cmd, async (ctx) => (await import('./pools.ts')).createPoolCommand(ctx, name, o)));

  const requests = program.command('requests').description('the manager\'s requests: ls (default), show, cancel');
  clientOptions(requests.command('ls', { isDefault: true }).description('list requests').option('--state <states>', 'e.g. queued,waiting,in-progress').option('--kind <kinds>', 'e.g. mount,dismount').option('--limit <n>', 'at most n'))
    .action((o: { state?: string; kind?: string; limit?: string }, cmd: Command) => run(cmd, async (ctx) => (await import('./requests.ts')).requestListCommand(ctx, o)));
  clientOptions(requests.command('show <id>').description('one request and its history').option('--wait', 'wait until it is finished'), false)
    .action((id: string, o: { wait?: boolean }, cmd: Command) => run(cmd, async (ctx) => (await import('./requests.ts')).requestShowCommand(ctx, id, o)));
  clientOptions(requests.command('cancel <id>').description('cancel a request that has not finished'), false)
    .action((id: string, _o, cmd: Command) => run(cmd, async (ctx) => (await import('./requests.ts')).requestCancelCommand(ctx, id)));

  const operator = program.command('operator').description('operator requests: ls (default), ack, refuse, complete, submit');
  clientOptions(operator.command('ls', { isDefault: true }).description('open operator requests').option('--state <states>', 'submitted,acknowledged,refused,completed').option('--kind <kinds>', 'new-media,cleaner,device-service,move-media,message').option('--all', 'every state'))
    .action((o: { state?: string; kind?: string; all?: boolean }, cmd: Command) => run(cmd, async (ctx) => (await import('./operator.ts')).operatorListCommand(ctx, o)));
  clientOptions(operator.command('ack <id>').description('acknowledge: someone is on it'), false)
    .action((id: string, _o, cmd: Command) => run(cmd, async (ctx) => (await import('./operator.ts')).operatorActionCommand(ctx, 'ack', id)));
  clientOptions(operator.command('refuse <id> [reason...]').description('refuse, with a reason'), false)
    .action((id: string, reason: string[], _o, cmd: Command) => run(cmd, async (ctx) => (await import('./operator.ts')).operatorActionCommand(ctx, 'refuse', id, reason.length === 0 ? undefined : reason.join(' '))));
  clientOptions(operator.command('complete <id>').description('done: the manager checks and goes on'), false)
    .action((id: string, _o, cmd: Command) => run(cmd, async (ctx) => (await import('./operator.ts')).operatorActionCommand(ctx, 'complete', id)));

  registerOperationsCommands(program, requests, operator, run);
  registerMediaServiceCommands(media, pools, run);

  clientOptions(program.command('clean <drive>').description('clean a drive through the manager (it picks the cleaner cartridge)').option('--priority <n>', '-15 … 15')
    .option('--timeout <seconds>', 'give up (timed-out) when not done within this time, waiting for a cleaner included').option('--no-wait', 'do not wait'))
    .action((drive: string, o: { priority?: string; timeout?: string; wait?: boolean }, cmd: Command) => run(cmd, async (ctx) => (await import('./libraryWork.ts')).cleanCommand(ctx, drive, o)));

  clientOptions(program.command('events').description('follow the manager\'s events, one line each (--json: one JSON document per line)')
    .option('--type <types>', 'only these: request,medium,drive,element,operator-request,library').option('--count <n>', 'stop after n events').option('--since <seq>', 'replay the events after this sequence number'))
    .action((o: { type?: string; count?: string; since?: string }, cmd: Command) => run(cmd, async (ctx) => (await import('./events.ts')).eventsCommand(ctx, o)));
}

/** The operations half of the NTMS contract (operations.ts): queue order, purge, operator messages, enable/disable, names. */
function registerOperationsCommands(program: Command, requests: Command, operator: Command, run: (cmd: Command, work: Work) => Promise<void>): void {
  const ops = async (): Promise<typeof import('./operations.ts')> => import('./operations.ts');
  clientOptions(requests.command('queue').description('the requests not finished, in the order the scheduler serves them'))
    .action((_o, cmd: Command) => run(cmd, async (ctx) => (await ops()).queueCommand(ctx)));
  for (const position of ['front', 'back'] as const) {
    clientOptions(requests.command(`${position} <id>`).description(`move a request that has not started to the ${position} of its library's queue (operator)`), false)
      .action((id: string, _o, cmd: Command) => run(cmd, async (ctx) => (await ops()).reorderCommand(ctx, position, id)));
  }
  clientOptions(requests.command('purge').description('delete finished requests older than some days, with their history (operator)').option('--older-than <days>', 'days since they finished (0: every finished request)'))
    .action((o: { olderThan?: string }, cmd: Command) => run(cmd, async (ctx) => (await ops()).purgeCommand(ctx, o.olderThan)));
  clientOptions(operator.command('submit <message...>').description('ask the operator for something (default kind: message)').option('--kind <kind>', 'new-media, cleaner, device-service, move-media or message'))
    .action((message: string[], o: { kind?: string }, cmd: Command) => run(cmd, async (ctx) => (await ops()).operatorSubmitCommand(ctx, message, o.kind)));
  clientOptions(program.command('needs-cleaning <drive>').description('tell the manager a drive needs cleaning: it queues a cleaning unless one is queued'))
    .action((drive: string, _o, cmd: Command) => run(cmd, async (ctx) => (await ops()).needsCleaningCommand(ctx, drive)));
  clientOptions(program.command('disable <object> [reason...]').description('take library, drive:N or medium:BARCODE out of service, saying why (operator)'))
    .action((object: string, reason: string[], _o, cmd: Command) => run(cmd, async (ctx) => (await ops()).enableCommand(ctx, false, object, reason)));
  clientOptions(program.command('enable <object>').description('put library, drive:N or medium:BARCODE back in service (operator)'))
    .action((object: string, _o, cmd: Command) => run(cmd, async (ctx) => (await ops()).enableCommand(ctx, true, object, [])));
  clientOptions(program.command('audit <slots>').description('rescan and read slots (slot:FIRST-slot:LAST, as media ls numbers them) and correct the manager\'s catalog, with a progress bar (operator)'))
    .action((slots: string, _o, cmd: Command) => run(cmd, async (ctx) => (await ops()).auditCommand(ctx, slots)));
  clientOptions(program.command('describe <object>').description('show or set the name and description of library, drive:N or medium:BARCODE').option('--name <name>', 'up to 64 characters ("" clears)').option('--description <text>', 'up to 127 characters ("" clears)')
    .option('--defer-dismount <seconds>', 'a drive\'s deferred-dismount delay (0: off; default: the manager\'s)'))
    .action((object: string, o: { name?: string; description?: string; deferDismount?: string }, cmd: Command) => run(cmd, async (ctx) => (await ops()).describeCommand(ctx, object, o)));
}

/** The media services of the NTMS contract (mediaLifecycle.ts): allocate, deallocate, complete, decommission, swap, pool, delete. */
function registerMediaServiceCommands(media: Command, pools: Command, run: (cmd: Command, work: Work) => Promise<void>): void {
  const life = async (): Promise<typeof import('./mediaLifecycle.ts')> => import('./mediaLifecycle.ts');
  clientOptions(media.command('allocate [barcode]').description('reserve a scratch medium in an application pool without mounting it (or claim this one); mount it later by barcode')
    .option('--pool <pool>', 'the application pool').option('--side <n>', 'the side of a two-sided medium (0 = A, 1 = B)'))
    .action((barcode: string | undefined, o: { pool?: string; side?: string }, cmd: Command) => run(cmd, async (ctx) => (await life()).allocateCommand(ctx, barcode, o)));
  const sideHelp = { deallocate: 'give an allocated side back to its pool (scratch again, or retired after max allocations)', complete: 'mark an allocated side full: it is mounted for reading only from now on', decommission: 'retire an available side for good' } as const;
  for (const action of ['deallocate', 'complete', 'decommission'] as const) {
    clientOptions(media.command(`${action} <barcode>`).description(sideHelp[action]).option('--side <n>', 'the side of a two-sided medium (0 = A, 1 = B)'))
      .action((barcode: string, o: { side?: string }, cmd: Command) => run(cmd, async (ctx) => (await life()).sideCommand(ctx, action, barcode, o)));
  }
  clientOptions(media.command('pool <barcode> <pool>').description('move a medium to another pool (e.g. Free/LTO-8 makes an import medium scratch)'))
    .action((barcode: string, pool: string, _o, cmd: Command) => run(cmd, async (ctx) => (await life()).movePoolCommand(ctx, barcode, pool)));
  clientOptions(media.command('swap <side1> <side2>').description('swap the logical media of two sides: BARCODE:A and BARCODE:B, or two barcodes of one pool'))
    .action((first: string, second: string, _o, cmd: Command) => run(cmd, async (ctx) => (await life()).swapCommand(ctx, first, second)));
  clientOptions(media.command('delete <barcode>').description('forget a medium that left the library for good (ejected, no side allocated; operator)'))
    .action((barcode: string, _o, cmd: Command) => run(cmd, async (ctx) => (await life()).deleteMediumCommand(ctx, barcode)));
  clientOptions(pools.command('set <name>').description('change an application pool\'s policies').option('--from-scratch <yes|no>', 'take from the free pool when empty')
    .option('--to-scratch <yes|no>', 'give deallocated media back to the free pool').option('--max-allocations <n|none>', 'allocations after which a side is retired'), false)
    .action((name: string, o: { fromScratch?: string; toScratch?: string; maxAllocations?: string }, cmd: Command) => run(cmd, async (ctx) => (await life()).setPoolPolicyCommand(ctx, name, o)));
  clientOptions(pools.command('delete <name>').description('delete an empty application pool'), false)
    .action((name: string, _o, cmd: Command) => run(cmd, async (ctx) => (await life()).deletePoolCommand(ctx, name)));
}

/** The `inventory` options that send it to the manager instead of the device. */
export interface ManagerInventoryOptions extends ClientOptions {
  readonly full?: boolean;
  readonly wait?: boolean;
}

/**
 * `changer inventory` goes through the manager when --server or --library is given or the device
 * is an rsm:// URL (whose host and library are then the defaults); otherwise it stays the direct
 * INITIALIZE ELEMENT STATUS of the device.
 */
export function inventoryThroughManager(options: ManagerInventoryOptions, device: string): ManagerInventoryOptions | undefined {
  const url = /^rsm:/i.test(device) ? parseDeviceUrl(device) : undefined;
  const rsm = url?.scheme === 'rsm' ? url : undefined;
  if (options.server === undefined && options.library === undefined && rsm === undefined) return undefined;
  return {
    ...options,
    server: options.server ?? (rsm === undefined ? undefined : `http://${rsm.host.includes(':') ? `[${rsm.host}]` : rsm.host}:${rsm.port}`),
    library: options.library ?? rsm?.library,
  };
}

export function registerManagerInventory(inventory: Command): Command {
  return inventory.option('--server <url>', `run it through the manager: ${SERVER_HELP}`).option('--token <token>', TOKEN_HELP)
    .option('--library <name>', 'the manager\'s library').option('--full', 'through the manager: also identify unlabelled media').option('--no-wait', 'through the manager: do not wait');
}

export async function runManagerInventory(host: ClientCommandHost, options: ManagerInventoryOptions): Promise<void> {
  await runClientCommand(host, options, async (ctx) => (await import('./libraryWork.ts')).managerInventoryCommand(ctx, options));
}

/** `changer mailslot` options that send it to the manager (same rule as inventory: --server, --library or rsm://). */
export function registerManagerMailslot(mailslot: Command): Command {
  return mailslot.option('--server <url>', `close it through the manager: ${SERVER_HELP}`).option('--token <token>', TOKEN_HELP).option('--library <name>', 'the manager\'s library');
}

export async function runManagerMailslot(host: ClientCommandHost, action: string, options: ClientOptions): Promise<void> {
  await runClientCommand(host, options, async (ctx) => {
    if (action.toLowerCase() !== 'close') {
      const { UsageError } = await import('../../usageError.ts');
      throw new UsageError(`through the manager, mailslot takes close, not '${action}' (media eject and inject open it)`);
    }
    return (await import('./mailslot.ts')).closeMailslotCommand(ctx);
  });
}
