// Which unit attentions tell a changer's owner that the library's element status may have changed
// (the Windows class driver's media-change notification, reference windows-changer §5.4). One
// list: the SMC miniclass re-reads its parameters after these, and the class driver reports them
// to whoever opened the changer (Changer.open's onElementStatusMayHaveChanged), so the RSM reads
// element status again instead of watching sense data itself.

/** A unit attention a device raised: its additional sense code and qualifier. */
export interface UnitAttention {
  readonly asc: number;
  readonly ascq: number;
}

interface AttentionEntry {
  readonly asc: number;
  /** Absent: every qualifier of `asc`. */
  readonly ascq?: number;
}

const MAY_CHANGE_ELEMENT_STATUS: readonly AttentionEntry[] = [
  // 28/00 not ready to ready (a door closed, an inventory ended), 28/01 import or export element
  // accessed (an operator used a mailslot); Windows treats every 28h qualifier as a media change.
  { asc: 0x28 },
  // Power on, reset, bus device reset, I_T nexus loss: the library may have been opened, rebooted
  // or inventoried while nobody here could hear it.
  { asc: 0x29 },
  // 2A/01 mode parameters changed by another initiator: the element address assignment page (1Dh)
  // and the counts may differ. The other 2Ah qualifiers (reservations, registrations, log pages,
  // timestamp) say nothing about elements.
  { asc: 0x2a, ascq: 0x01 },
  // 3B/12 magazine removed, 3B/13 magazine inserted: that magazine's slots left or came back.
  { asc: 0x3b, ascq: 0x12 },
  { asc: 0x3b, ascq: 0x13 },
  // 3F/01 microcode changed, 3F/02 operating definition changed, 3F/03 inquiry data changed: new
  // firmware or another personality may report another layout.
  { asc: 0x3f, ascq: 0x01 },
  { asc: 0x3f, ascq: 0x02 },
  { asc: 0x3f, ascq: 0x03 },
  // 3F/81: Compaq LIB-81 cartridge injected or ejected (the Windows class driver's one vendor case).
  { asc: 0x3f, ascq: 0x81 },
];

/** True when, after this attention, element status (and the changer's parameters) must be read again. */
export function changesElementStatus(attention: UnitAttention): boolean {
  return MAY_CHANGE_ELEMENT_STATUS.some((e) => e.asc === attention.asc && (e.ascq === undefined || e.ascq === attention.ascq));
}

/** How the class driver tells its owner; called once for each such attention the device raises. */
export type ElementStatusChangeListener = (attention: UnitAttention) => void;
