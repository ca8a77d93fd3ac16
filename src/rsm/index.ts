// The Removable Storage Manager: the only client of every changer it owns (DESIGN §1).
//
//   const manager = await Manager.start({
//     catalogUrl: './data/catalog.sqlite',
//     libraries: [{ name: 'lib0', deviceUrl: 'virtual:./data/lib0?profile=library-24&clock=10x' }],
//   });
//   const request = await manager.mount({ library: 'lib0', pool: 'backup' }, { application: 'bacula' });
//   await manager.waitForRequest(request.id);
export * from './manager/index.ts';
export type * from './service.ts';
export type { ManagerEvent, ManagerEventType, ManagerEventInput } from './events.ts';
export { RsmError, isRsmError, type RsmErrorCode } from './rsmError.ts';
