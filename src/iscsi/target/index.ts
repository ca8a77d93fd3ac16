export {
  DEFAULT_LOGIN_TIMEOUT_MS, DEFAULT_NOP_IN_INTERVAL_MS, DEFAULT_NOP_IN_TIMEOUT_MS, IscsiTarget,
  type IscsiTargetLogger, type IscsiTargetOptions, type LunBoundDevice, type TargetDefinition,
} from './iscsiTarget.ts';
export { DEFAULT_PEER_LIMITS, type PeerLimits } from './peerLimits.ts';
