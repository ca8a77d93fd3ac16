import { ElementType } from '../../driver/elementType.ts';
import { AccessControl } from '../../driver/requests.ts';
import { formatElementDisplay, parseElementArgument } from '../elementArgument.ts';
import { withChanger, type CommandContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';
import { UsageError } from '../usageError.ts';

const VERBS: Record<string, AccessControl> = {
  lock: AccessControl.Lock,
  unlock: AccessControl.Unlock,
  extend: AccessControl.ExtendIEPort,
  open: AccessControl.ExtendIEPort,
  retract: AccessControl.RetractIEPort,
  close: AccessControl.RetractIEPort,
};
const PAST: Record<AccessControl, string> = {
  [AccessControl.Lock]: 'locked',
  [AccessControl.Unlock]: 'unlocked',
  [AccessControl.ExtendIEPort]: 'extended',
  [AccessControl.RetractIEPort]: 'retracted',
};

/** `changer door lock|unlock`, `changer mailslot <open|close|lock|unlock> [n]`, `changer lock|unlock <element>`. */
/** `target` undefined: the first import/export port. */
export async function accessCommand(ctx: CommandContext, verb: string, target: string | undefined): Promise<void> {
  const control = VERBS[verb.toLowerCase()];
  if (control === undefined) throw new UsageError(`'${verb}' is not one of lock, unlock, open (extend), close (retract)`);
  await withChanger(ctx, async (changer) => {
    const p = changer.cachedParameters;
    const element = target === undefined ? { type: ElementType.IEPort, index: 0 } : parseElementArgument(target, p);
    if (element.type === ElementType.Door && (control === AccessControl.ExtendIEPort || control === AccessControl.RetractIEPort)) {
      throw new UsageError('a door cannot be opened or closed by command; lock or unlock it, and the operator opens it');
    }
    await changer.setAccess(element, control);
    const name = formatElementDisplay(element, p);
    if (ctx.output.json) writeJson(ctx.output, { element: name, access: PAST[control] });
    else writeLine(ctx.output, `${name} ${PAST[control]}`);
  });
}
