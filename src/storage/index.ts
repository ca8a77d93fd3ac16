// Storage-side knowledge: which drive takes which media.
export * from './ltoCompatibility.ts';
