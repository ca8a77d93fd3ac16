import { DeviceProblem } from '../../driver/requests.ts';
import { withChanger, type CommandContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';

/** `changer diagnose`: the miniclass's device tests, as a CHANGER_DEVICE_PROBLEM_TYPE. */
export async function diagnoseCommand(ctx: CommandContext): Promise<boolean> {
  return withChanger(ctx, async (changer) => {
    const result = await changer.performDiagnostics();
    const problem = DeviceProblem[result.problem] ?? String(result.problem);
    if (ctx.output.json) writeJson(ctx.output, { problem, code: result.problem, detail: result.detail });
    else writeLine(ctx.output, result.problem === DeviceProblem.None ? `No problem found: ${result.detail}` : `Problem: ${problem} — ${result.detail}`);
    return result.problem === DeviceProblem.None;
  });
}
