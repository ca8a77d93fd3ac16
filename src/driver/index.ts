// The public API of the changer driver (class driver, model, errors).
export * from './capabilities.ts';
export * from './changer.ts';
export * from './changerElement.ts';
export * from '../shared/changerError.ts';
export * from './changerParameters.ts';
export * from './elementStatus.ts';
export * from './elementType.ts';
export * from './features.ts';
export type { Miniclass } from './miniclass.ts';
export * from './persistentReservation.ts';
export * from './productData.ts';
export * from './requests.ts';
export { volumeTagActionFeature } from './requestChecks.ts';
export * from './unitAttention.ts';
export * from './validateParameters.ts';
export type { HoldInfo } from './exclusiveHold.ts';
export type { IoctlResult } from './deviceIoControl.ts';
