// The scheduler over the real stack: virtual library (virtual clock) ← loopback ← SMC miniclass ←
// class driver Changer ← ChangerRobot, with a SnapshotHost read from the library. The drive's host
// (eject before the robot pulls, wait for ready after a load) is the library's front panel.
import { Changer } from '../../../../src/driver/changer.ts';
import { ElementStatusFlags } from '../../../../src/driver/elementStatus.ts';
import { ElementType } from '../../../../src/driver/elementType.ts';
import { Features0, hasFeature } from '../../../../src/driver/features.ts';
import { elementCount } from '../../../../src/driver/changerParameters.ts';
import { SmcMiniclass } from '../../../../src/driver/smc/smcMiniclass.ts';
import { VirtualClock, VirtualLibrary } from '../../../../src/emulator/index.ts';
import { ChangerRobot, Scheduler, SnapshotHost, type Robot } from '../../../../src/rsm/scheduler/index.ts';
import { driveTypeFromProduct } from '../../../../src/storage/index.ts';
import { LoopbackTransport } from '../../../../src/transport/loopback.ts';

export interface SchedulerStack {
  readonly clock: VirtualClock;
  readonly library: VirtualLibrary;
  readonly changer: Changer;
  readonly robot: Robot;
  readonly host: SnapshotHost;
  readonly scheduler: Scheduler;
  /** Robot commands as the scheduler gave them ("move slot 0 → drive 1", "exchange …"). */
  readonly commands: string[];
  /** Drive generations (LTO-8, …) from the drives' identities, by drive index. */
  readonly driveTypes: readonly (string | undefined)[];
  /** Where every cartridge is, read from the library now: place → barcode. */
  truth(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

let opened = 0;

export async function openSchedulerStack(profile: string, options: { transports?: readonly number[] } = {}): Promise<SchedulerStack> {
  const clock = new VirtualClock({ autoAdvance: true });
  const library = await VirtualLibrary.open({ profile, clock });
  const url = `virtual:scheduler-test-${process.pid}-${opened++}`;
  const changer = await Changer.open(url, {
    owner: 'scheduler test',
    connect: async () => new SmcMiniclass(new LoopbackTransport(library.device, { initiator: 'scheduler-test', lun: 0 }, url)),
  });
  const p = changer.cachedParameters;
  const ejectFirst = hasFeature(p.features0, Features0.PREDISMOUNT_EJECT_REQUIRED);
  const changerRobot = new ChangerRobot(changer, {
    ...(options.transports !== undefined ? { transports: options.transports } : {}),
    ...(ejectFirst ? { unloadDrive: (drive: number) => library.frontPanel.ejectDrive(drive) } : {}),
    settleDrive: (drive) => library.frontPanel.driveReady(drive),
  });
  const commands: string[] = [];
  // Observes what the scheduler asks of the real robot; every call goes through unchanged.
  const robot: Robot = {
    transports: changerRobot.transports,
    canExchange: changerRobot.canExchange,
    move: (from, to, t) => {
      commands.push(`move ${from.type} ${from.index} → ${to.type} ${to.index}`);
      return changerRobot.move(from, to, t);
    },
    exchange: (source, first, second, t) => {
      commands.push(`exchange ${source.type} ${source.index} → ${first.type} ${first.index} → ${second.type} ${second.index}`);
      return changerRobot.exchange(source, first, second, t);
    },
    ...(changerRobot.unloadDrive !== undefined ? { unloadDrive: changerRobot.unloadDrive } : {}),
    ...(changerRobot.settleDrive !== undefined ? { settleDrive: changerRobot.settleDrive } : {}),
  };
  const host = await SnapshotHost.read(changer);
  const driveCount = elementCount(p, ElementType.Drive);
  const drives = await changer.getElementStatus({ element: { type: ElementType.Drive, index: 0 }, count: driveCount, volumeTagInfo: false });
  const driveTypes = drives.map((d) => (d.driveIdentity === undefined ? undefined : driveTypeFromProduct(d.driveIdentity.productId)));
  const scheduler = new Scheduler({ robot, host, clock, driveCount });
  const truth = async (): Promise<Map<string, string>> => {
    const places = new Map<string, string>();
    for (const [type, name] of [[ElementType.Slot, 'slot'], [ElementType.Drive, 'drive'], [ElementType.IEPort, 'ieport'], [ElementType.Transport, 'transport']] as const) {
      const count = elementCount(p, type);
      if (count === 0) continue;
      for (const s of await changer.getElementStatus({ element: { type, index: 0 }, count, volumeTagInfo: true })) {
        if (hasFeature(s.flags, ElementStatusFlags.FULL)) places.set(`${name} ${s.element.index}`, s.primaryVolumeId || `unlabelled@${name} ${s.element.index}`);
      }
    }
    return places;
  };
  return {
    clock, library, changer, robot, host, scheduler, commands, driveTypes, truth,
    close: async () => {
      await scheduler.close();
      await changer.close();
      await library.close();
    },
  };
}
