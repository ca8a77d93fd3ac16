// Storage-side knowledge: which drive takes which media.
export * from './ltoCompatibility.ts';
// What a tape's first record says it is, and which drive device is which drive element.
export * from './mediumLabel.ts';
export * from './driveMapping.ts';
