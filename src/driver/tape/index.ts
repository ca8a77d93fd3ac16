// The tape driver: drives reached as their own SCSI devices (SSC-3), and finding them.
export * from './tapeDrive.ts';
export * from './tapeDriveIdentity.ts';
export type { TapeReadiness } from './tapeReadiness.ts';
export type { TapeRecord } from './tapeRecord.ts';
export * from './discoverTapeDrives.ts';
export type { SgScanOptions } from './sgTapeDevices.ts';
