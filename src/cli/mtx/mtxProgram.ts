import { withoutSecret } from '../../shared/secrets.ts';
import { eject, erase, inquiry, inventory } from './deviceCommands.ts';
import { exchange, load, position, transfer, unload } from './motionCommands.ts';
import { COMMANDS, MISSING, parseMtxArguments, type MtxCommandName, type MtxStep } from './mtxArguments.ts';
import { fatal, MtxFatal } from './mtxFatal.ts';
import { MtxSession, type MtxStreams } from './mtxSession.ts';
import { defaultOpener, deviceOpener, type ChangerOpener } from './openChanger.ts';
import { first, last, next, previous } from './sequenceCommands.ts';
import { formatStatus } from './statusText.ts';
import { usage, version } from './usageText.ts';

/**
 * changer-mtx: mtx 1.3.12's command line, output and exit codes, on the class driver. Each
 * command runs as it is reached, so output from earlier commands stays even when a later one
 * fails; the first failure ends the run with exit code 1, as mtx's FatalError does.
 */
export async function runMtx(argv: string[], streams: MtxStreams): Promise<number> {
  return runMtxWith(argv, streams, defaultOpener(streams.env));
}

/** runMtx with the way of opening changers given (tests use an in-memory miniclass). */
export async function runMtxWith(argv: readonly string[], streams: MtxStreams, open: ChangerOpener): Promise<number> {
  const session = new MtxSession(streams, deviceOpener(open, streams.env));
  try {
    for (const step of parseMtxArguments(argv)) await runStep(session, step);
    return 0;
  } catch (e) {
    // Bacula logs what mtx prints: a device URL's CHAP secret must not be in it.
    if (e instanceof MtxFatal) {
      streams.err.write(withoutSecret(e.text));
      return 1;
    }
    streams.err.write(withoutSecret(`changer-mtx: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`));
    return 1;
  } finally {
    await session.close().catch(() => undefined);
  }
}

async function runStep(session: MtxSession, step: MtxStep): Promise<void> {
  if (step.kind === 'usage') throw usage();
  if (step.kind === 'device') return session.useDevice(step.device);
  const spec = COMMANDS[step.name];
  if (spec.device) await session.device();
  if (spec.status) await session.status();
  await runCommand(session, step.name, step.args);
}

async function runCommand(session: MtxSession, name: MtxCommandName, args: readonly number[]): Promise<void> {
  const [a1 = MISSING, a2 = MISSING, a3 = MISSING] = args;
  const m = session.modifiers;
  switch (name) {
    case 'status':
      session.streams.out.write(formatStatus(withoutSecret(session.name), await session.status()));
      return;
    case 'inquiry':
      return inquiry(session);
    case 'inventory':
      return inventory(session);
    case 'eject':
      return eject(session);
    case 'erase':
      return erase(session);
    case 'load':
      return load(session, a1, a2);
    case 'unload':
      return unload(session, a1, a2);
    case 'transfer':
      return transfer(session, a1, a2);
    case 'exchange':
      return exchange(session, a1, a2, a3);
    case 'position':
      return position(session, a1);
    case 'first':
      return first(session, a1);
    case 'last':
      return last(session, a1);
    case 'next':
      return next(session, a1);
    case 'previous':
      return previous(session, a1);
    case 'invert':
      m.invert = true;
      return;
    case 'invert2':
      m.invert2 = true;
      return;
    case 'nobarcode':
      m.noBarcode = true;
      return;
    case 'eepos':
      if (a1 < 0 || a1 > 3) throw fatal('eepos equires argument between 0 and 3.');
      m.eepos = a1;
      return;
    case 'noattach': // the ATTACHED command set (a changer behind a tape drive's LUN) is never used here
    case 'altres': // an all-types READ ELEMENT STATUS for one Sony model; the driver reads the way the device needs
      return;
    case '--version':
      throw version();
  }
}
