// The service configuration's checks: each bad file gives the one message `changer serve` prints
// (after "changer: "), naming the key path and what is wrong; relative paths are the file's.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadServiceConfig } from '../../../../src/cli/config/serviceConfig.ts';
import { serveSettings } from '../../../../src/cli/serve/serveSettings.ts';
import { INSTALLED_CONFIG } from '../../../../src/cli/serve/installation.ts';

describe('service configuration file', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'changer-config-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function messageOf(name: string, text: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, text);
    try {
      await serveSettings({ config: file }, {}, true);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.message.replace(`config ${file}: `, '');
    }
    assert.fail(`${name} was accepted`);
  }

  test('each mistake is named by its key path, unknown keys included', async () => {
    const cases: readonly (readonly [string, string])[] = [
      ['listne: 127.0.0.1:7800\n', 'listne: unknown key (known here: listen, data-dir, catalog, token-file, log-level, lease-ttl, iscsi, libraries)'],
      ['libraries:\n  - name: lib0\n    device: virtual:lib0\n  - name: lib1\n    device: /dev/sg3\n', 'libraries[1].device: expected a device URL such as virtual:/var/lib/changer/lib1 or iscsi://…'],
      ['libraries:\n  - name: lib1\n    device: virtual:a\n  - name: lib1\n    device: virtual:b\n', 'libraries[1].name: "lib1" is already the name of libraries[0]'],
      ['libraries:\n  - name: a\n    device: virtual:x?profile=library-24\n  - name: b\n    device: virtual:x\n', 'libraries[1].device: libraries[0] already uses this device'],
      ['libraries:\n  - name: a\n    device: virtual:/srv/a/vtl\n  - name: b\n    device: virtual:/srv/b/vtl\n', "libraries[1].device: its drives would be served as iqn.2026-11.dev.changer:vtl, as libraries[0]'s are: give the directories different names"],
      ['libraries:\n  - name: lib1\n    devce: virtual:a\n', 'libraries[0].devce: unknown key (known here: name, device, serve-drives, read-only-monitoring)'],
      ['libraries:\n  - device: virtual:a\n', 'libraries[0].name: missing: every library needs a name (used in rsm://host/<name> and the API)'],
      ['libraries:\n  - name: a/b\n    device: virtual:a\n', 'libraries[0].name: expected 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit'],
      ['libraries:\n  - name: a\n    device: virtual:a?profil=library-24\n', "libraries[0].device: unknown parameter 'profil' (known: profile, clock)"],
      ['libraries:\n  - name: a\n    device: sg:sg3\n', 'libraries[0].device: expected sg:/dev/sgN, sg:/dev/tape/by-id/… or sg:serial=<changer serial>'],
      ['libraries:\n  - name: a\n    device: virtual:a\n    serve-drives: yes please\n', 'libraries[0].serve-drives: expected true or false'],
      ['libraries:\n  - name: a\n    device: virtual:a\n    read-only-monitoring: off\n', 'libraries[0].read-only-monitoring: expected true or false'],
      ['libraries: []\n', 'libraries: expected a list of at least one library ({name, device})'],
      ['libraries: lib1\n', 'libraries: expected a list of at least one library ({name, device})'],
      ['lease-ttl: 0\n', 'lease-ttl: expected a number of seconds from 1 to 3600 (default 30)'],
      ['log-level: loud\n', 'log-level: expected one of fatal, error, warn, info, debug, trace, silent'],
      ['iscsi:\n  listen: 127.0.0.1:3260\n  port: 3261\n', 'iscsi.port: unknown key (known here: listen, chap)'],
      ['iscsi:\n  chap:\n    user: backup\n', 'iscsi.chap.secret: expected the CHAP secret as text (12–16 characters for Linux initiators)'],
      ['iscsi:\n  chap:\n    user: backup\n    secret: tiny-secret\n', 'iscsi.chap.secret: the secret is 11 bytes long; CHAP secrets must be at least 12 bytes (96 bits, RFC 7143 §9.2.1)'],
      ['- listen\n', 'expected a mapping of listen, data-dir, catalog, token-file, log-level, lease-ttl, iscsi, libraries'],
      ['a: 1\na: 2\n', 'line 2, column 1: Map keys must be unique'],
      ['listen: [1\nlibraries:\n', 'line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ];
    const messages = [];
    for (const [i, [text]] of cases.entries()) messages.push(await messageOf(`bad-${i}.yaml`, text));
    assert.deepEqual(messages, cases.map(([, message]) => message));
    assert.ok(!messages.some((m) => m.includes('tiny-secret')), 'a CHAP secret is never echoed');
  });

  test('a good file: relative paths from the file\'s directory, defaults under data-dir, the token never shown', async () => {
    const file = join(dir, 'good.yaml');
    await writeFile(file, 'listen: 0.0.0.0:7900\ndata-dir: state\nlease-ttl: 12.5\niscsi:\n  listen: "off"\nlibraries:\n  - name: east\n    device: virtual:east?profile=library-24\n  - name: robot\n    device: sg:serial=MXA0123456\n    serve-drives: false\n    read-only-monitoring: false\n');
    const settings = await serveSettings({ config: file, 'log-level': 'warn' }, { CHANGER_DATA: '/elsewhere' }, true);
    assert.deepEqual(settings, {
      dataDir: join(dir, 'state'),
      host: '0.0.0.0',
      port: 7900,
      catalogUrl: join(dir, 'state', 'catalog.sqlite'),
      libraries: [
        { name: 'east', deviceUrl: `virtual:${join(dir, 'east')}?profile=library-24`, serveDrives: true, readOnlyMonitoring: true },
        { name: 'robot', deviceUrl: 'sg:serial=MXA0123456', serveDrives: false, readOnlyMonitoring: false },
      ],
      logLevel: 'warn',
      leaseTtlMs: 12_500,
      iscsi: 'off',
      tokenFile: join(dir, 'state', 'admin-token'),
      configFile: file,
      showToken: false,
    });
  });

  test('the example shipped in packaging/ is valid: one virtual library under /var/lib/changer', async () => {
    const config = await loadServiceConfig(join(import.meta.dirname, '..', '..', '..', '..', 'packaging', 'changer.yaml'));
    assert.deepEqual(config.libraries, [{ name: 'vtl', device: 'virtual:/var/lib/changer/vtl?profile=library-24', serveDrives: true, readOnlyMonitoring: true }]);
    assert.equal(config.dataDir, '/var/lib/changer');
  });

  test('installed, no --config means /etc/changer/changer.yaml; from a checkout, none (./data, the token shown)', { skip: existsSync(INSTALLED_CONFIG) && 'this host has an /etc/changer/changer.yaml' }, async () => {
    await assert.rejects(serveSettings({}, {}, false), { message: `config ${INSTALLED_CONFIG}: no such file; write one (docs/service.md has an example) or pass --config FILE` });
    const checkout = await serveSettings({}, {}, true);
    assert.deepEqual([checkout.configFile, checkout.dataDir, checkout.showToken, checkout.libraries], [undefined, './data', true, [{ name: 'library', deviceUrl: 'virtual:data/library?profile=library-24&clock=10x', serveDrives: true, readOnlyMonitoring: true }]]);
  });

  test('an empty file is every default; a missing one says how to get one', async () => {
    const file = join(dir, 'empty.yaml');
    await writeFile(file, '');
    assert.deepEqual(await loadServiceConfig(file), { file });
    await assert.rejects(loadServiceConfig(join(dir, 'none.yaml')), { message: `config ${join(dir, 'none.yaml')}: no such file; write one (docs/service.md has an example) or pass --config FILE` });
  });
});
