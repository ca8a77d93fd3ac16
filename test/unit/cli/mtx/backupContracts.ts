// What Bacula's mtx-changer and Amanda's chg-robot take from `mtx status` output, written out
// as the same patterns they apply (smc.md §7), so tests can check our text gives them the
// answers they get from real mtx.

/** awk's default field split. */
function fields(line: string): string[] {
  return line.trim().split(/[ \t]+/);
}

function lines(status: string): string[] {
  return status.split('\n').filter((l) => l !== '');
}

/** `slots`: `grep " *Storage Changer" | awk '{print $5}'`. */
export function baculaSlots(status: string): string {
  return lines(status).filter((l) => / *Storage Changer/.test(l)).map((l) => fields(l)[4] ?? '').join('\n') + '\n';
}

/** `loaded`: `$7` of the drive's Full line, or 0 when it is Empty. */
export function baculaLoaded(status: string, drive: number): string {
  const full = lines(status).filter((l) => l.startsWith(`Data Transfer Element ${drive}:Full`)).map((l) => fields(l)[6] ?? '');
  const empty = lines(status).filter((l) => l.startsWith(`Data Transfer Element ${drive}:Empty`)).map(() => '0');
  return [...full, ...empty].map((v) => `${v}\n`).join('');
}

// `list`: storage lines through grep " Storage Element [0-9]*:.*Full", awk '{print $3 $4}' and
// sed "s/Full *\(:VolumeTag=\)*//", then loaded drives as `$7:$10`.
export function baculaList(status: string): string {
  const ls = lines(status);
  const slots = ls.filter((l) => / Storage Element [0-9]*:.*Full/.test(l)).map((l) => {
    const f = fields(l);
    return `${f[2] ?? ''}${f[3] ?? ''}`.replace(/Full *(:VolumeTag=)*/, '');
  });
  const drives = ls.filter((l) => /^Data Transfer Element [0-9]*:Full \(Storage Element [0-9]/.test(l)).map((l) => {
    const f = fields(l);
    return `${f[6] ?? ''}:${f[9] ?? ''}`;
  });
  return [...slots, ...drives].map((v) => `${v}\n`).join('');
}

/** `listall`: the perl one-liner of Bacula 9's mtx-changer, pattern for pattern. */
export function baculaListall(status: string): string {
  let out = '';
  for (const line of lines(status)) {
    let m: RegExpExecArray | null;
    if ((m = /Data Transfer Element (\d+):Empty/.exec(line))) out += `D:${m[1]}:E\n`;
    if ((m = /Data Transfer Element (\d+):Full \(Storage Element (\d+) Loaded\)(:VolumeTag =\s*(.+))?/.exec(line))) out += `D:${m[1]}:F:${m[2]}:${m[4] ?? ''}\n`;
    if ((m = /Storage Element (\d+):Empty/.exec(line))) out += `S:${m[1]}:E\n`;
    if ((m = /Storage Element (\d+):Full( :VolumeTag=(.+))?/.exec(line))) out += `S:${m[1]}:F:${m[3] ?? ''}\n`;
    if ((m = /Storage Element (\d+) IMPORT.EXPORT:Empty/.exec(line))) out += `I:${m[1]}:E\n`;
    if ((m = /Storage Element (\d+) IMPORT.EXPORT:Full( :VolumeTag=(.+))?/.exec(line))) out += `I:${m[1]}:F:${m[3] ?? ''}\n`;
  }
  return out;
}

export interface AmandaDrive {
  drive: number;
  state: 'Empty' | 'Full';
  barcode: string | undefined;
  origSlot: number | undefined;
}

export interface AmandaSlot {
  slot: number;
  importExport: boolean;
  state: 'Empty' | 'Full';
  barcode: string | undefined;
}

/** chg-robot's status parse (Amanda::Changer::robot): its drive and slot regexes. */
export function amandaStatus(status: string): { drives: AmandaDrive[]; slots: AmandaSlot[] } {
  const drives: AmandaDrive[] = [];
  const slots: AmandaSlot[] = [];
  for (const line of lines(status)) {
    let m: RegExpExecArray | null;
    if ((m = /^Data Transfer Element\s*(\d+)?\s*:\s*(.*)/.exec(line))) {
      const rest = m[2] ?? '';
      drives.push({
        drive: Number(m[1] ?? 0),
        state: /^Empty/.test(rest) ? 'Empty' : 'Full',
        barcode: /:VolumeTag\s*=\s*(\S+)/.exec(rest)?.[1],
        origSlot: ((s) => (s === undefined ? undefined : Number(s)))(/\(Storage Element (\d+) Loaded\)/.exec(rest)?.[1]),
      });
    } else if ((m = /^\s*Storage Element\s*(\d+)\s*(IMPORT\/EXPORT)?\s*:\s*(.*)/.exec(line))) {
      const rest = m[3] ?? '';
      slots.push({ slot: Number(m[1]), importExport: m[2] !== undefined, state: /^Empty/.test(rest) ? 'Empty' : 'Full', barcode: /:VolumeTag\s*=\s*(\S+)/.exec(rest)?.[1] });
    }
  }
  return { drives, slots };
}

/** chg-robot's retry test on a failed status: the Sense Key line of the Request Sense block. */
export function amandaSenseKey(output: string): string | undefined {
  return /mtx: Request Sense: Sense Key=(.*)/.exec(output)?.[1];
}

/** chg-robot's inquiry parse: `Key: value` lines, surrounding quotes stripped. */
export function amandaInquiry(output: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of lines(output)) {
    const m = /^(.*?):\s*(.*)$/.exec(line);
    if (m) info[m[1]!] = (m[2] ?? '').replace(/^'(.*)'$/, '$1');
  }
  return info;
}
