// The driver retries a command that meets a unit attention (as Linux ch does), so the attention
// never reaches its caller. The manager must still hear of it: 28/00 (not ready to ready: a door
// closed, a mailslot was used, an inventory ended) and 29/00 (power on, reset) mean the library
// may hold other cartridges than the catalog remembers. This transport sits under the miniclass
// and reports each such attention while passing every result through unchanged.
import { parseSenseData } from '../../scsi/sense/senseData.ts';
import { ScsiStatus } from '../../scsi/status.ts';
import type { ScsiRequest, ScsiResult } from '../../scsi/device.ts';
import type { ScsiTransport } from '../../transport/scsiTransport.ts';

export interface UnitAttention {
  readonly asc: number;
  readonly ascq: number;
}

const UNIT_ATTENTION = 0x6;

/** Attentions after which element status must be read again (SMC-3: 28h, 29h, 3Bh/12–13h magazine). */
export function changesElementStatus(attention: UnitAttention): boolean {
  return attention.asc === 0x28 || attention.asc === 0x29 || (attention.asc === 0x3b && (attention.ascq === 0x12 || attention.ascq === 0x13));
}

function attentionOf(result: ScsiResult): UnitAttention | undefined {
  if (result.status !== ScsiStatus.CHECK_CONDITION || result.sense === undefined || result.sense.length === 0) return undefined;
  try {
    const sense = parseSenseData(result.sense);
    return sense.senseKey === UNIT_ATTENTION ? { asc: sense.asc, ascq: sense.ascq } : undefined;
  } catch {
    return undefined;
  }
}

export class AttentionWatchingTransport implements ScsiTransport {
  constructor(
    private readonly inner: ScsiTransport,
    private readonly onAttention: (attention: UnitAttention) => void,
  ) {}

  get description(): string {
    return this.inner.description;
  }

  async execute(request: ScsiRequest): Promise<ScsiResult> {
    const result = await this.inner.execute(request);
    const attention = attentionOf(result);
    if (attention !== undefined) this.onAttention(attention);
    return result;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
