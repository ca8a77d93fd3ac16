// `changer serve`: the Removable Storage Manager and its API, until SIGINT, SIGTERM or the parent
// going away (src/cli/serve/stopSignals.ts), when it stops the API, the drives' iSCSI target and
// the manager (which saves the libraries' state). `npm start` is this on a checkout's defaults.
// Bad flags or configuration: one line on stderr, exit 2; the API port taken: exit 1.
import { pino } from 'pino';
import { WITHOUT_SECRETS } from '../../api/logRedaction.ts';
import { startManagerServer, type RunningManager } from '../../api/managerServer.ts';
import { embeddedLibrary, embeddedLibraryClock } from '../../transport/embeddedLibraries.ts';
import { ConfigError } from '../config/serviceConfig.ts';
import { ExitCode } from '../exitCodes.ts';
import { serveManagerDrives, type ManagerDrives } from '../managerDrives.ts';
import { UsageError } from '../usageError.ts';
import { serveBanner } from '../serve/banner.ts';
import { runningFromCheckout } from '../serve/installation.ts';
import { parseServeFlags, serveSettings, serveUsage, ServeUsageError, type ServeSettings } from '../serve/serveSettings.ts';
import { onStopRequest, type StopReason } from '../serve/stopSignals.ts';

export interface ServeStreams {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** `program` names the command in messages: `changer serve`, or `npm start`. */
export async function serveCommand(argv: readonly string[], streams: ServeStreams, program = 'changer serve'): Promise<number> {
  let settings: ServeSettings;
  try {
    const flags = parseServeFlags(argv);
    if (flags.help === true) {
      streams.out.write(`${serveUsage(program)}\n`);
      return ExitCode.OK;
    }
    settings = await serveSettings(flags, streams.env, runningFromCheckout());
  } catch (error) {
    if (error instanceof ConfigError) {
      streams.err.write(`changer: ${error.message}\n`);
      return ExitCode.USAGE;
    }
    if (error instanceof ServeUsageError || error instanceof UsageError) {
      streams.err.write(`${program}: ${error.message}\n${error instanceof ServeUsageError && /^Unknown option|^Unexpected argument/.test(error.message) ? `${serveUsage(program)}\n` : ''}`);
      return ExitCode.USAGE;
    }
    throw error;
  }
  return serve(settings, streams, program);
}

async function serve(settings: ServeSettings, streams: ServeStreams, program: string): Promise<number> {
  const logger = pino({ level: settings.logLevel, ...WITHOUT_SECRETS }, pino.destination(2));
  const wanted = new Set(settings.libraries.filter((l) => l.serveDrives).map((l) => l.name));
  let running: RunningManager;
  let drives: ManagerDrives | undefined;
  try {
    running = await startManagerServer({
      attach: async (manager) => (drives = await serveManagerDrives(manager, settings.iscsi, logger, (name) => wanted.has(name))),
      frontPanelAt: (url) => embeddedLibrary(url)?.frontPanel,
      dataDir: settings.dataDir,
      adminTokenFile: settings.tokenFile,
      catalogUrl: settings.catalogUrl,
      // An embedded library's drives keep the library's time (clock=10x under npm start).
      libraries: settings.libraries.map((l) => ({ name: l.name, deviceUrl: l.deviceUrl, readOnlyMonitoring: l.readOnlyMonitoring, clock: embeddedLibraryClock(l.deviceUrl) })),
      host: settings.host,
      port: settings.port,
      logger,
      ...(settings.leaseTtlMs === undefined ? {} : { leaseTtlMs: settings.leaseTtlMs }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? `${settings.host}:${settings.port} is already in use (is another manager running?); choose another with --listen${settings.configFile === undefined ? ' or CHANGER_LISTEN' : ` or listen: in ${settings.configFile}`}`
        : (error as Error).message;
    streams.err.write(`${program}: ${why}\n`);
    return ExitCode.FAILURE;
  }
  let removeHandlers = (): void => undefined;
  const reason = await new Promise<StopReason>((resolve) => {
    // Started by npm (npm start, or an npm script): stop with the parent; a plain `changer serve` outlives its shell.
    removeHandlers = onStopRequest(resolve, { watchParent: program === 'npm start' || streams.env.npm_lifecycle_event !== undefined });
    // Only now say we are up: a SIGTERM sent on seeing the banner must find its handler, not kill us.
    streams.out.write(serveBanner(settings, running, drives));
  });
  streams.out.write(`\n${reason}: stopping the manager…\n`);
  await running.close();
  removeHandlers();
  logger.flush();
  streams.out.write('Stopped; the library state is saved.\n');
  return ExitCode.OK;
}
