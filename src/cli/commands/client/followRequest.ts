import { describeRequest, isFinished, RequestNotCompleted } from '../../client/requestOutcome.ts';
import { waitForRequest } from '../../client/waitForRequest.ts';
import type { RequestView } from '../../../rsm/service.ts';
import { writeJson, writeLine } from '../../output.ts';
import { startProgress } from '../../progress.ts';
import type { ClientContext } from './clientContext.ts';

/** How long one long-poll asks the manager to hold the answer: short on a terminal so the bar moves. */
const POLL_MS_TTY = 1_000;
const POLL_MS = 25_000;

/** A request's step as the progress bar shows it: submitted, queued/waiting, under way, finished. */
const STEP: Record<RequestView['state'], number> = { queued: 1, waiting: 1, 'in-progress': 2, completed: 3, failed: 3, cancelled: 3, 'timed-out': 3 };

export interface FollowOptions {
  /** False with --no-wait: print the queued request and return. */
  readonly wait: boolean;
  /** The sentence a completed request prints; the default names the request. */
  readonly done?: (r: RequestView) => string | Promise<string>;
}

/**
 * After a request was submitted: wait for its final state (long-polling GET /v1/requests/{id}),
 * with a progress bar on a terminal, print it, and throw RequestNotCompleted when it failed,
 * timed out or was cancelled so the command exits non-zero.
 */
export async function followRequest(ctx: ClientContext, submitted: RequestView, options: FollowOptions): Promise<RequestView> {
  if (!options.wait || isFinished(submitted.state)) {
    if (!options.wait) return printQueued(ctx, submitted);
    return finish(ctx, submitted, options);
  }
  const tty = !ctx.output.json && (ctx.output.err as NodeJS.WriteStream).isTTY === true;
  if (tty) ctx.output.err.write(`request ${submitted.id} (${describeRequest(submitted)}) ${submitted.state}; Ctrl-C stops waiting, not the request ('changer requests cancel ${submitted.id}' does)\n`);
  const progress = await startProgress(ctx.output, 3, `request ${submitted.id} ${submitted.kind}`);
  let r = submitted;
  try {
    progress.update(STEP[r.state], r.state);
    r = await waitForRequest(ctx.client, r, tty ? POLL_MS_TTY : POLL_MS, (now) => progress.update(STEP[now.state], now.state));
  } finally {
    progress.stop();
  }
  return finish(ctx, r, options);
}

function printQueued(ctx: ClientContext, r: RequestView): RequestView {
  if (ctx.output.json) writeJson(ctx.output, r);
  else writeLine(ctx.output, `request ${r.id} ${r.state}: ${describeRequest(r)} (follow it with 'changer requests show ${r.id} --wait')`);
  return r;
}

async function finish(ctx: ClientContext, r: RequestView, options: FollowOptions): Promise<RequestView> {
  if (r.state !== 'completed') throw new RequestNotCompleted(r);
  if (ctx.output.json) writeJson(ctx.output, r);
  else writeLine(ctx.output, `request ${r.id} completed: ${await (options.done ?? describeRequest)(r)}`);
  return r;
}
