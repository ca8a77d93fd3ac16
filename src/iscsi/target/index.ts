export { IscsiTarget, type IscsiTargetOptions, type IscsiTargetLogger, type LunBoundDevice, type TargetDefinition } from './iscsiTarget.ts';
