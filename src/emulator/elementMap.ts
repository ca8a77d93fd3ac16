/**
 * The fixed layout of a library: every element address, its kind, zero-based index within its
 * kind, and what holds it (robot, magazine, mailslot station). Built once from a profile; what
 * changes at run time (cartridges, open doors) lives in LibraryState.
 */
import { gripperAddresses, type ElementKind, type Profile, type RobotSpec } from './profile.ts';

export interface DriveIdentity {
  readonly vendor: string;
  readonly product: string;
  readonly revision: string;
  readonly serial: string;
}

export interface ElementInfo {
  readonly address: number;
  readonly kind: ElementKind;
  /** Zero-based position among elements of its kind, in address order ("drive 0", "slot 17"). */
  readonly index: number;
  readonly magazine: string | null;
  /** Mailslot station of an import/export element. */
  readonly station: string | null;
  /** Robot (index into profile.robots) owning a transport element. */
  readonly robot: number | null;
  readonly drive: DriveIdentity | null;
}

type Draft = Omit<ElementInfo, 'index'>;

function driveSerial(prefix: string, n: number): string {
  return prefix + String(n).padStart(Math.max(1, 10 - prefix.length), '0');
}

function drafts(profile: Profile): Draft[] {
  const list: Draft[] = [];
  const base = { magazine: null, station: null, robot: null, drive: null };
  // One transport element per robot: a second gripper is not individually addressable.
  profile.robots.forEach((robot, r) => list.push({ ...base, address: robot.transport, kind: 'transport', robot: r }));
  for (const range of profile.slots) {
    for (let k = 0; k < range.count; k++) list.push({ ...base, address: range.first + k, kind: 'slot', magazine: range.magazine ?? null });
  }
  for (const station of profile.ieStations) {
    for (let k = 0; k < station.count; k++) {
      list.push({ ...base, address: station.first + k, kind: 'ieport', magazine: station.magazine ?? null, station: station.name });
    }
  }
  for (const group of profile.drives) {
    for (let k = 0; k < group.count; k++) {
      const drive = { vendor: group.vendor, product: group.product, revision: group.revision, serial: driveSerial(group.serialPrefix, k + 1) };
      list.push({ ...base, address: group.first + k, kind: 'drive', drive });
    }
  }
  return list.sort((a, b) => a.address - b.address);
}

export class ElementMap {
  readonly all: readonly ElementInfo[];
  readonly robots: readonly RobotSpec[];
  /** Second grippers: they hold a cartridge only within an EXCHANGE MEDIUM, at internal addresses no host sees. */
  readonly hiddenGrippers: readonly number[];
  readonly #byAddress = new Map<number, ElementInfo>();
  readonly #byKind = new Map<ElementKind, ElementInfo[]>();

  constructor(profile: Profile) {
    this.robots = profile.robots;
    this.hiddenGrippers = profile.robots.flatMap((r) => gripperAddresses(r).slice(1));
    const counters = new Map<ElementKind, number>();
    this.all = drafts(profile).map((d) => {
      const index = counters.get(d.kind) ?? 0;
      counters.set(d.kind, index + 1);
      const info: ElementInfo = { ...d, index };
      this.#byAddress.set(info.address, info);
      const list = this.#byKind.get(info.kind) ?? [];
      list.push(info);
      this.#byKind.set(info.kind, list);
      return info;
    });
  }

  get(address: number): ElementInfo | undefined {
    return this.#byAddress.get(address);
  }

  ofKind(kind: ElementKind): readonly ElementInfo[] {
    return this.#byKind.get(kind) ?? [];
  }

  /** Lowest address of a kind (page 1Dh "first … element address"); 0 when there is none. */
  firstAddress(kind: ElementKind): number {
    return this.ofKind(kind)[0]?.address ?? 0;
  }

  count(kind: ElementKind): number {
    return this.ofKind(kind).length;
  }

  inMagazine(name: string): readonly ElementInfo[] {
    return this.all.filter((e) => e.magazine === name);
  }

  inStation(name: string): readonly ElementInfo[] {
    return this.ofKind('ieport').filter((e) => e.station === name);
  }

  /** Element by kind and zero-based index (front-panel addressing). */
  byIndex(kind: ElementKind, index: number): ElementInfo | undefined {
    return this.ofKind(kind)[index];
  }
}
