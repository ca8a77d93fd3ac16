// The scheduler's Robot over the class driver: MOVE MEDIUM and EXCHANGE MEDIUM on a Changer, with
// zero-based elements as the driver names them. What the changer cannot tell (which drive device a
// drive element is, how the drive's host ejects or waits for it) the caller injects.
import { canExchange } from '../../driver/capabilities.ts';
import type { Changer } from '../../driver/changer.ts';
import type { ChangerElement } from '../../driver/changerElement.ts';
import { restated } from '../../shared/changerError.ts';
import type { ChangerParameters } from '../../driver/changerParameters.ts';
import { elementOf, placeByParameters } from '../../driver/elementPlace.ts';
import { ElementType } from '../../driver/elementType.ts';
import type { Place } from '../../shared/place.ts';
import type { Robot } from './robot.ts';

export interface ChangerRobotOptions {
  /**
   * The transport elements (zero-based) the scheduler may drive at once, one per independent robot:
   * its transport t commands element transports[t]. Default: every transport element, since each
   * is one robot — a changer with two pickers on a transport reports one transport, because pickers
   * are not individually addressable (GET_CHANGER_PARAMETERS, NumberTransportElements).
   */
  readonly transports?: readonly number[];
  /** The drive's host ejects the cartridge (`mt offline` on its device), for changers that need it. */
  readonly unloadDrive?: (drive: number) => Promise<void>;
  /** Resolves when the drive is ready after a load (TEST UNIT READY good) or done cleaning. */
  readonly settleDrive?: (drive: number) => Promise<void>;
}

/** EXCHANGE MEDIUM as the scheduler uses it: a slot's cartridge into a drive, the drive's out to a slot. */
export function changerCanExchange(p: ChangerParameters): boolean {
  return canExchange(p, ElementType.Slot, ElementType.Drive) && canExchange(p, ElementType.Drive, ElementType.Slot);
}

export class ChangerRobot implements Robot {
  readonly transports: number;
  readonly #elements: readonly number[];
  readonly canExchange: boolean;
  readonly unloadDrive?: (drive: number) => Promise<void>;
  readonly settleDrive?: (drive: number) => Promise<void>;
  readonly #changer: Changer;

  constructor(changer: Changer, options: ChangerRobotOptions = {}) {
    const p = changer.cachedParameters;
    this.#changer = changer;
    this.canExchange = changerCanExchange(p);
    const count = Math.max(1, p.numberTransportElements);
    const elements = options.transports ?? Array.from({ length: count }, (_, i) => i);
    const bad = elements.find((e) => !Number.isInteger(e) || e < 0 || e >= count);
    if (elements.length === 0 || bad !== undefined || new Set(elements).size !== elements.length) {
      throw new RangeError(`transports must be distinct transport elements 0 … ${count - 1} of ${changer.url}, got [${elements.join(', ')}]`);
    }
    this.#elements = elements;
    this.transports = elements.length;
    if (options.unloadDrive !== undefined) this.unloadDrive = options.unloadDrive;
    if (options.settleDrive !== undefined) this.settleDrive = options.settleDrive;
  }

  async move(from: Place, to: Place, transport: number, flip = false): Promise<void> {
    await this.#changer.moveMedium({ transport: this.#transport(transport), source: elementOf(from), destination: elementOf(to), flip }).catch((e: unknown) => {
      throw restated(e, `move ${this.#name(from)} → ${this.#name(to)}`);
    });
  }

  async exchange(source: Place, first: Place, second: Place, transport: number, flip = false): Promise<void> {
    await this.#changer.exchangeMedium({
      transport: this.#transport(transport), source: elementOf(source), destination1: elementOf(first), destination2: elementOf(second), flip1: flip, flip2: false,
    }).catch((e: unknown) => {
      throw restated(e, `exchange ${this.#name(source)} → ${this.#name(first)} → ${this.#name(second)}`);
    });
  }

  /** A place in the words of a failure a person reads (request notes): `slot:10`, its display number. */
  #name(p: Place): string {
    return placeByParameters(p, this.#changer.cachedParameters);
  }

  #transport(t: number): ChangerElement {
    const index = this.#elements[t];
    if (index === undefined) throw new RangeError(`transport ${t} is not one of 0 … ${this.transports - 1}`);
    return { type: ElementType.Transport, index };
  }
}
