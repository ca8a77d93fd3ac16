export { IscsiTarget, type IscsiTargetOptions, type IscsiTargetLogger, type TargetDefinition } from './iscsiTarget.ts';
