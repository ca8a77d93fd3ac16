/** Where the mode header looks for the write-protect state (kept here for its importers). */
export { writeProtected } from '../tapeWriting.ts';
