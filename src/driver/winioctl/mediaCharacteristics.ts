/** MEDIA_* bits of DEVICE_MEDIA_INFO.MediaCharacteristics (§3.16). */
export const MediaCharacteristics = {
  ERASEABLE: 0x00000001,
  WRITE_ONCE: 0x00000002,
  READ_ONLY: 0x00000004,
  READ_WRITE: 0x00000008,
  WRITE_PROTECTED: 0x00000100,
  /** Marks the type loaded in the drive now: how RSM learns what a drive holds. */
  CURRENTLY_MOUNTED: 0x80000000,
} as const;

export type MediaCharacteristicName = keyof typeof MediaCharacteristics;

export function mediaCharacteristicNames(word: number): MediaCharacteristicName[] {
  return (Object.entries(MediaCharacteristics) as [MediaCharacteristicName, number][]).filter(([, bit]) => ((word & bit) >>> 0) === bit).map(([name]) => name);
}
