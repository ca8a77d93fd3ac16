// From a request row to robot work and back: the dispatcher turns each request into scheduler or
// exclusive jobs (mounts, dismounts, moves, cleanings, inventories with on-media identification,
// range audits, inject and eject through mailslot or door), deferred dismounts keep a medium in its
// drive for a while, and recovery takes up what a previous process left unfinished. The work of
// each kind sees the dispatcher only through WorkKit. The rest of the manager uses only what this
// index exports.
export { AUTOMATIC_CLEAN_PRIORITY } from './cleaning.ts';
export { DeferredDismounts } from './deferredDismount.ts';
export { Dispatcher } from './dispatcher.ts';
export { closeMailslotFor } from './mailslotAccess.ts';
export { recoverRequests, resumeAfterReconcile } from './recovery.ts';
export { auditRequest } from './slotAudit.ts';
