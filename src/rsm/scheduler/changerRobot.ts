// The scheduler's Robot over the class driver: MOVE MEDIUM and EXCHANGE MEDIUM on a Changer, with
// zero-based elements as the driver names them. What the changer cannot tell (which drive device a
// drive element is, how the drive's host ejects or waits for it) the caller injects.
import { canExchange } from '../../driver/capabilities.ts';
import type { Changer } from '../../driver/changer.ts';
import type { ChangerElement } from '../../driver/changerElement.ts';
import type { ChangerParameters } from '../../driver/changerParameters.ts';
import { ElementType } from '../../driver/elementType.ts';
import type { Place, PlaceType } from './place.ts';
import type { Robot } from './robot.ts';

export interface ChangerRobotOptions {
  /**
   * Independent transports the scheduler may drive at once (transport elements 0 … n − 1 each
   * command their own robot). Default: 1 when the changer exchanges (two pickers on one robot),
   * else one per transport element. GET_CHANGER_PARAMETERS does not say which picker belongs to
   * which robot, so a library with several pickers per robot must say 1 here.
   */
  readonly transports?: number;
  /** The drive's host ejects the cartridge (`mt offline` on its device), for changers that need it. */
  readonly unloadDrive?: (drive: number) => Promise<void>;
  /** Resolves when the drive is ready after a load (TEST UNIT READY good) or done cleaning. */
  readonly settleDrive?: (drive: number) => Promise<void>;
}

const ELEMENT_TYPE: Readonly<Record<PlaceType, ElementType>> = {
  slot: ElementType.Slot,
  drive: ElementType.Drive,
  ieport: ElementType.IEPort,
  transport: ElementType.Transport,
};

function toElement(p: Place): ChangerElement {
  return { type: ELEMENT_TYPE[p.type], index: p.index };
}

/** EXCHANGE MEDIUM as the scheduler uses it: a slot's cartridge into a drive, the drive's out to a slot. */
export function changerCanExchange(p: ChangerParameters): boolean {
  return canExchange(p, ElementType.Slot, ElementType.Drive) && canExchange(p, ElementType.Drive, ElementType.Slot);
}

export class ChangerRobot implements Robot {
  readonly transports: number;
  readonly canExchange: boolean;
  readonly unloadDrive?: (drive: number) => Promise<void>;
  readonly settleDrive?: (drive: number) => Promise<void>;
  readonly #changer: Changer;

  constructor(changer: Changer, options: ChangerRobotOptions = {}) {
    const p = changer.cachedParameters;
    this.#changer = changer;
    this.canExchange = changerCanExchange(p);
    const transports = options.transports ?? (this.canExchange ? 1 : Math.max(1, p.numberTransportElements));
    if (!Number.isInteger(transports) || transports < 1 || transports > Math.max(1, p.numberTransportElements)) {
      throw new RangeError(`transports must be 1 … ${Math.max(1, p.numberTransportElements)} for ${changer.url}, got ${transports}`);
    }
    this.transports = transports;
    if (options.unloadDrive !== undefined) this.unloadDrive = options.unloadDrive;
    if (options.settleDrive !== undefined) this.settleDrive = options.settleDrive;
  }

  async move(from: Place, to: Place, transport: number): Promise<void> {
    await this.#changer.moveMedium({ transport: this.#transport(transport), source: toElement(from), destination: toElement(to), flip: false });
  }

  async exchange(source: Place, first: Place, second: Place, transport: number): Promise<void> {
    await this.#changer.exchangeMedium({
      transport: this.#transport(transport), source: toElement(source), destination1: toElement(first), destination2: toElement(second), flip1: false, flip2: false,
    });
  }

  #transport(index: number): ChangerElement {
    return { type: ElementType.Transport, index };
  }
}
