// Every key of the service configuration file, with its meaning and default: the checker knows
// which keys exist from here, and docs (docs/service.md, the changer.yaml man page) say the same.

export interface ConfigKey {
  readonly key: string;
  readonly value: string;
  readonly default: string;
  readonly meaning: string;
}

export const CONFIG_KEY_TABLE: readonly ConfigKey[] = [
  { key: 'listen', value: 'HOST:PORT', default: '127.0.0.1:7800', meaning: 'where the HTTP API listens' },
  { key: 'data-dir', value: 'path', default: '/var/lib/changer (./data from a checkout)', meaning: 'libraries\' state, the token store, the SQLite catalog' },
  { key: 'catalog', value: 'path or postgres://…', default: '<data-dir>/catalog.sqlite', meaning: 'the catalog: a SQLite file or a PostgreSQL URL' },
  { key: 'token-file', value: 'path', default: '<data-dir>/admin-token', meaning: 'the first admin token is written here, mode 0600' },
  { key: 'log-level', value: 'fatal|error|warn|info|debug|trace|silent', default: 'info', meaning: 'JSON log lines on stderr (the journal under systemd)' },
  { key: 'lease-ttl', value: 'seconds', default: '30', meaning: 'a standby takes a library over this long after its owner stops renewing' },
  { key: 'iscsi.listen', value: 'HOST:PORT or off', default: '127.0.0.1:3260', meaning: 'where the virtual libraries\' drives are served over iSCSI' },
  { key: 'iscsi.chap.user', value: 'text', default: '(none)', meaning: 'initiators log in to the drives\' target with CHAP as this user' },
  { key: 'iscsi.chap.secret', value: 'text', default: '(none)', meaning: 'the CHAP secret (keep the file mode 0640 root:changer)' },
  { key: 'libraries[].name', value: 'name', default: '(required)', meaning: 'the library\'s name in the API and rsm://host:port/<name>' },
  { key: 'libraries[].device', value: 'device URL', default: '(required)', meaning: 'virtual:<dir>?profile=…, iscsi://…, sg:/dev/sgN, sg:/dev/tape/by-id/…, sg:serial=<serial>' },
  { key: 'libraries[].serve-drives', value: 'true|false', default: 'true', meaning: 'serve a virtual library\'s drives over iscsi.listen' },
  { key: 'libraries[].read-only-monitoring', value: 'true|false', default: 'true', meaning: 'other hosts may still read the changer (INQUIRY, READ ELEMENT STATUS) while the manager owns it; false refuses them too (Exclusive Access reservation)' },
];

export const CONFIG_KEYS = ['listen', 'data-dir', 'catalog', 'token-file', 'log-level', 'lease-ttl', 'iscsi', 'libraries'] as const;
export const ISCSI_KEYS = ['listen', 'chap'] as const;
export const CHAP_KEYS = ['user', 'secret'] as const;
export const LIBRARY_KEYS = ['name', 'device', 'serve-drives', 'read-only-monitoring'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
