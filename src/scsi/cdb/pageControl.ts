/** PC field of MODE SENSE: which set of mode parameter values to return. */
export const ModePageControl = {
  CURRENT: 0,
  CHANGEABLE: 1,
  DEFAULT: 2,
  SAVED: 3,
} as const;

export type ModePageControl = (typeof ModePageControl)[keyof typeof ModePageControl];

/** Page code 3Fh asks for every page. */
export const ALL_MODE_PAGES = 0x3f;
