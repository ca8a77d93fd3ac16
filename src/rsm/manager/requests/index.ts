// A client's request from order to end: orders checked and turned into catalog rows (mount,
// dismount, move, clean, inject, eject, inventory), the pool half of a token's scope, the row
// following its job (tracker) and waits on it, the queue order, and the operator desk that raises
// and resolves operator requests. The rest of the manager uses only what this index exports.
export { checkBarcodeAccess, checkDismountAccess, checkMountAccess, checkPoolName } from './accessCheck.ts';
export { mountRequest, NO_MEDIA_REASON } from './mountOrder.ts';
export { linkedRequestId, linkReason, OperatorDesk } from './operatorDesk.ts';
export { baseFields, candidateDrives, checkDriveIndex, checkSide, cleanRequest, dismountRequest, ejectRequest, injectRequest, inventoryRequest, moveRequest } from './orders.ts';
export { checkPosition, purgeRequests, reorderRequest, requestQueue } from './requestOrder.ts';
export { type FinalState, RequestTracker } from './requestTracker.ts';
export { requestEnded } from './requestWait.ts';
