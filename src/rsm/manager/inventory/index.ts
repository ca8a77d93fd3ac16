// What the library holds and the catalog made to match it: READ ELEMENT STATUS read as element
// observations (the one source of truth), the reconciliation plan — a pure function of the
// catalog and those observations — and its application in one transaction, two-sided media
// included. Nothing here knows about requests or the scheduler; the library runtime and the
// range audit call it. The rest of the manager uses only what this index exports.
export { type ElementObservation, hasBarcodeReader, observeLibrary } from './observation.ts';
export { applyReconciliation, COLLECT_EJECTED_REASON, type ReconcileOptions, type ReconcileOutcome } from './reconcile.ts';
