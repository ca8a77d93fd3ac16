// The manager core's public surface.
export { Manager, MANAGER_CALLER } from './manager.ts';
export { DEFAULT_LEASE_TTL_MS, DEFAULT_POLL_INTERVAL_MS, type LibraryConfig, type ManagerLogger, type ManagerOptions } from './options.ts';
export { EventBus } from './eventBus.ts';
