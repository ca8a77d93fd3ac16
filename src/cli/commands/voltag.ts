import { MAX_VOLUME_TEMPLATE_SIZE, VolumeTagAction } from '../../driver/requests.ts';
import { ElementType } from '../../driver/elementType.ts';
import { formatElementDisplay, parseElementArgument } from '../elementArgument.ts';
import { withChanger, type CommandContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';
import { UsageError } from '../usageError.ts';
import { statusJson } from './status.ts';

const ACTIONS: Record<string, { primary: VolumeTagAction; alternate: VolumeTagAction }> = {
  search: { primary: VolumeTagAction.SearchPrimary, alternate: VolumeTagAction.SearchAlternate },
  assert: { primary: VolumeTagAction.AssertPrimary, alternate: VolumeTagAction.AssertAlternate },
  replace: { primary: VolumeTagAction.ReplacePrimary, alternate: VolumeTagAction.ReplaceAlternate },
  undefine: { primary: VolumeTagAction.UndefinePrimary, alternate: VolumeTagAction.UndefineAlternate },
};

/**
 * `changer voltag search <template>` (wildcards * and ?) finds elements by volume tag;
 * `changer voltag assert|replace|undefine <element> [volume]` sets or clears a tag.
 */
export async function voltagCommand(ctx: CommandContext, action: string, args: string[], options: { alternate?: boolean }): Promise<void> {
  const pair = ACTIONS[action.toLowerCase()];
  if (pair === undefined) throw new UsageError(`'${action}' is not one of search, assert, replace, undefine`);
  const code = options.alternate === true ? pair.alternate : pair.primary;
  await withChanger(ctx, async (changer) => {
    const p = changer.cachedParameters;
    let startingElement = { type: ElementType.AllElements, index: 0 };
    let template: string;
    if (action === 'search') {
      template = args[0] ?? '';
      if (template === '') throw new UsageError('voltag search needs a template, e.g. "A00*"');
    } else {
      if (args[0] === undefined) throw new UsageError(`voltag ${action} needs an element, e.g. slot:1`);
      startingElement = parseElementArgument(args[0], p);
      template = args[1] ?? '';
      if (action !== 'undefine' && template === '') throw new UsageError(`voltag ${action} needs a volume identifier`);
    }
    if (template.length > MAX_VOLUME_TEMPLATE_SIZE) throw new UsageError(`a volume template has at most ${MAX_VOLUME_TEMPLATE_SIZE} characters`);
    const found = await changer.queryVolumeTags({ startingElement, action: code, template });
    if (ctx.output.json) writeJson(ctx.output, { action, template, elements: found.map((s) => statusJson(s, p)) });
    else if (action === 'search') {
      if (found.length === 0) writeLine(ctx.output, `No element holds a volume matching '${template}'`);
      for (const s of found) writeLine(ctx.output, `${formatElementDisplay(s.element, p)}  ${s.primaryVolumeId ?? ''}${s.alternateVolumeId ? '  ' + s.alternateVolumeId : ''}`);
    } else writeLine(ctx.output, `Volume tag ${action} done on ${formatElementDisplay(startingElement, p)}`);
  });
}
