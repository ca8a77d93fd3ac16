// The interop harness transcripts: `>>> command`, its merged stdout/stderr, `<<< rc=N`.

export interface TranscriptBlock {
  readonly command: string;
  readonly output: string;
  readonly rc: number;
}

export function transcriptBlocks(transcript: string): TranscriptBlock[] {
  const out: TranscriptBlock[] = [];
  for (const m of transcript.matchAll(/^>>> (.*)\n([\s\S]*?)^<<< rc=(\d+)/gm)) out.push({ command: m[1]!, output: m[2]!, rc: Number(m[3]) });
  return out;
}

export interface MtxInvocation {
  readonly argv: string[];
  /** `| head -N` after it. */
  readonly head?: number;
}

/** `mtx ARGS [| head -N]`, several joined with `; `; undefined when other tools take part. */
export function mtxInvocations(command: string): MtxInvocation[] | undefined {
  const runs = command.split('; ').map((p) => {
    const m = /^mtx (.*?)(?: \| head -(\d+))?$/.exec(p);
    if (!m || /[|&<>]/.test(m[1]!)) return undefined;
    return { argv: m[1]!.split(' '), ...(m[2] === undefined ? {} : { head: Number(m[2]) }) };
  });
  return runs.every((r) => r !== undefined) ? (runs as MtxInvocation[]) : undefined;
}

export function head(text: string, lines: number | undefined): string {
  return lines === undefined ? text : text.split('\n').slice(0, lines).map((l) => `${l}\n`).join('');
}
