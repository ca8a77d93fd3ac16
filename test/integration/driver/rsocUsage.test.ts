// The miniclass reads which OPEN/CLOSE IMPORT/EXPORT ELEMENT and SEND VOLUME TAG actions a changer
// accepts from REPORT SUPPORTED OPERATION CODES' one-command usage maps. A device that answers
// those requests with something else (the all-commands list, as if it ignored the reporting
// options) must not fail the open: the product facts then decide, as for a device without RSOC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Changer } from '../../../src/driver/changer.ts';
import { Features0, Features1, hasFeature } from '../../../src/driver/features.ts';
import { SmcMiniclass } from '../../../src/driver/smc/smcMiniclass.ts';
import { VirtualLibrary } from '../../../src/emulator/index.ts';
import type { Nexus, ScsiDevice, ScsiRequest, ScsiResult } from '../../../src/scsi/device.ts';
import { LoopbackTransport } from '../../../src/transport/loopback.ts';

/** library-24's device, but RSOC with reporting options 001b gets the all-commands answer (options 000b). */
function ignoringReportingOptions(device: ScsiDevice): ScsiDevice {
  return {
    execute(nexus: Nexus, request: ScsiRequest): Promise<ScsiResult> {
      const c = request.cdb;
      if (c[0] === 0xa3 && ((c[1] ?? 0) & 0x1f) === 0x0c && ((c[2] ?? 0) & 0x07) === 1) {
        const all = Uint8Array.from(c);
        all[2] = 0;
        all[3] = 0;
        return device.execute(nexus, { ...request, cdb: all });
      }
      return device.execute(nexus, request);
    },
  };
}

async function parametersOf(wrap: (d: ScsiDevice) => ScsiDevice): Promise<{ close: boolean; open: boolean; userClose: boolean }> {
  const library = await VirtualLibrary.open({ profile: 'library-24', instant: true });
  try {
    const changer = await Changer.open('virtual:rsoc-usage-test', {
      owner: 'rsoc usage test',
      connect: async () => new SmcMiniclass(new LoopbackTransport(wrap(library.device), { initiator: 'rsoc-test', lun: 0 }, 'virtual:rsoc-usage-test')),
    });
    try {
      const p = changer.cachedParameters;
      return { close: hasFeature(p.features0, Features0.CLOSE_IEPORT), open: hasFeature(p.features0, Features0.OPEN_IEPORT), userClose: hasFeature(p.features1, Features1.IEPORT_USER_CONTROL_CLOSE) };
    } finally {
      await changer.close();
    }
  } finally {
    await library.close();
  }
}

test('library-24 refuses CLOSE IMPORT/EXPORT ELEMENT, and its usage map says so: no CHANGER_CLOSE_IEPORT, CHANGER_IEPORT_USER_CONTROL_CLOSE instead', async () => {
  assert.deepEqual(await parametersOf((d) => d), { close: false, open: true, userClose: true });
});

test('a device whose RSOC ignores the reporting options still opens; without a usage map the host is assumed able to close', async () => {
  assert.deepEqual(await parametersOf(ignoringReportingOptions), { close: true, open: true, userClose: false });
});
