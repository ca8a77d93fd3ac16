// src/api: the Removable Storage Manager's HTTP API (route table: docs/api.md).
//
//   const tokens = await FileTokenStore.open('./data/api-tokens.json');
//   const app = buildApiServer({ service: manager, tokens, logger, embedded: embeddedLibrariesOf(manager, (url) => embeddedLibrary(url)?.frontPanel) });
//   await app.listen({ host: '127.0.0.1', port: 7800 });
export { buildApiServer, type ApiServerOptions } from './apiServer.ts';
export { FileTokenStore, type ApiToken, type IssuedToken, type TokenStore } from './auth/tokenStore.ts';
export { ROLES, isRole, roleAllows, type Role } from './auth/roles.ts';
export { ApiMetrics, type ApiMetricsOptions } from './metrics/apiMetrics.ts';
export { embeddedLibrariesOf, type EmbeddedLibrary, type EmbeddedLibraryLookup, type FrontPanelAt } from './routes/frontPanel.ts';
export { PROBLEM_CONTENT_TYPE, type Problem } from './problem.ts';
export { RSM_ERROR_STATUS } from './errorMapping.ts';
