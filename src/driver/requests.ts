import type { ChangerElement } from './changerElement.ts';

/** CHANGER_SET_ACCESS Control values. */
export enum AccessControl {
  Lock = 0,
  Unlock = 1,
  ExtendIEPort = 2,
  RetractIEPort = 3,
}

/** CHANGER_READ_ELEMENT_STATUS: a range of one type (or AllElements), optionally with volume tags. */
export interface ElementStatusQuery {
  readonly element: ChangerElement;
  readonly count: number;
  readonly volumeTagInfo: boolean;
}

/** CHANGER_INITIALIZE_ELEMENT_STATUS: AllElements, or a range where the changer supports it. */
export interface InitializeQuery {
  readonly element: ChangerElement;
  readonly count: number;
  readonly barCodeScan: boolean;
}

export interface PositionRequest {
  readonly transport: ChangerElement;
  readonly destination: ChangerElement;
  readonly flip: boolean;
}

export interface MoveRequest {
  readonly transport: ChangerElement;
  readonly source: ChangerElement;
  readonly destination: ChangerElement;
  readonly flip: boolean;
}

/** Medium at source → destination1; medium at destination1 → destination2 (often the source). */
export interface ExchangeRequest {
  readonly transport: ChangerElement;
  readonly source: ChangerElement;
  readonly destination1: ChangerElement;
  readonly destination2: ChangerElement;
  readonly flip1: boolean;
  readonly flip2: boolean;
}

/** SEND VOLUME TAG action codes, passed unchanged to the device. */
export enum VolumeTagAction {
  SearchAll = 0x0,
  SearchPrimary = 0x1,
  SearchAlternate = 0x2,
  SearchAllNoSeq = 0x4,
  SearchPrimaryNoSeq = 0x5,
  SearchAlternateNoSeq = 0x6,
  AssertPrimary = 0x8,
  AssertAlternate = 0x9,
  ReplacePrimary = 0xa,
  ReplaceAlternate = 0xb,
  UndefinePrimary = 0xc,
  UndefineAlternate = 0xd,
}

export const MAX_VOLUME_TEMPLATE_SIZE = 40;
export const MAX_VOLUME_ID_SIZE = 36;

export interface VolumeTagQuery {
  readonly startingElement: ChangerElement;
  readonly action: VolumeTagAction;
  /** Template with `*`/`?` wildcards for searches, or the volume ID to assert/replace. */
  readonly template: string;
}

/** CHANGER_DEVICE_PROBLEM_TYPE. */
export enum DeviceProblem {
  None = 0,
  Hardware = 1,
  CHMError = 2,
  DoorOpen = 3,
  CalibrationError = 4,
  TargetFailure = 5,
  CHMMoveError = 6,
  CHMZeroError = 7,
  CartridgeInsertError = 8,
  PositionError = 9,
  SensorError = 10,
  CartridgeEjectError = 11,
  GripperError = 12,
  DriveError = 13,
}

export interface DiagnosticResult {
  readonly problem: DeviceProblem;
  /** What the device said, in words, for the operator. */
  readonly detail: string;
}
