/**
 * STORAGE_BUS_TYPE of ntddstor.h (§3.16). The WDK 6001 header stops at Mmc with BusTypeMax 14; the
 * current SDK's values are used, since a decoded field may come from either era and these extend it.
 */
export enum StorageBusType {
  Unknown = 0,
  Scsi = 1,
  Atapi = 2,
  Ata = 3,
  /** BusType1394 in C, which is no identifier here. */
  Ieee1394 = 4,
  Ssa = 5,
  Fibre = 6,
  Usb = 7,
  RAID = 8,
  iScsi = 9,
  Sas = 10,
  Sata = 11,
  Sd = 12,
  Mmc = 13,
  Virtual = 14,
  FileBackedVirtual = 15,
  Spaces = 16,
  Nvme = 17,
  SCM = 18,
  Ufs = 19,
  Max = 20,
  MaxReserved = 0x7f,
}
