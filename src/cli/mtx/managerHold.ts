import { ChangerError } from '../../shared/changerError.ts';
import type { HoldInfo } from '../../driver/exclusiveHold.ts';
import { parseOwnerId } from '../../rsm/owner/ownerId.ts';
import { withoutSecret } from '../../shared/secrets.ts';

/**
 * The changer is held by a manager (the RSM owns it for as long as it runs), not by another short
 * command: waiting would only fail later, so changer-mtx says at once who holds it and how to go
 * through it instead.
 */
export class HeldByManager extends ChangerError {
  constructor(readonly url: string, readonly holder: HoldInfo) {
    super('DEVICE_BUSY', `${withoutSecret(url)} is owned by the manager ${holder.owner} (since ${holder.since}); send the commands through it: -f rsm://<host>:<port>/<library>, or set CHANGER_SERVER=http://<host>:<port> and keep this -f`);
  }
}

/** A manager's owner id (rsm@host (pid n)); a changer or changer-mtx command is `changer-mtx (pid n)`. */
export function isManager(holder: HoldInfo | undefined): holder is HoldInfo {
  return holder !== undefined && parseOwnerId(holder.owner) !== undefined;
}
