import type { MediaQuery, MediumView } from '../../../rsm/service.ts';
import { writeJson, writeLine } from '../../output.ts';
import { libraryOf, type ClientContext } from './clientContext.ts';
import { ElementNames } from './elementNames.ts';
import { writeTable } from './table.ts';

/** Media asked per call when listing everything; the list is read page by page. */
const PAGE = 500;

export interface MediaListOptions {
  readonly pool?: string;
  readonly location?: MediaQuery['location'];
  readonly barcode?: string;
  readonly limit?: number;
  /** The other filters of GET /v1/media (states, side states, media type, last mount). */
  readonly filters?: Pick<MediaQuery, 'states' | 'sideStates' | 'mediaType' | 'mountedSince' | 'mountedBefore'>;
}

/** `changer media ls`: the catalog's media, filtered, with locations in display numbers. */
export async function mediaListCommand(ctx: ClientContext, options: MediaListOptions): Promise<void> {
  const query: MediaQuery = { library: ctx.libraryOption, pool: options.pool, location: options.location, barcode: options.barcode, ...options.filters };
  const media = options.limit !== undefined ? await ctx.client.media({ ...query, limit: options.limit }) : await allMedia(ctx, query);
  if (ctx.output.json) return writeJson(ctx.output, media);
  const names = await elementNames(ctx, media);
  writeTable(ctx.output, ['BARCODE', 'TYPE', 'POOL', 'STATE', 'SIDE', 'LOCATION', 'HOME', 'MOUNTS', 'LIBRARY'], media.map((m) => [
    m.barcode ?? `(no label ${m.id.slice(0, 8)})`, m.mediaType, m.poolName, m.state, sideStates(m), names.location(m.libraryName, m.location),
    m.homeSlot === null ? '' : names.element(m.libraryName, 'slot', m.homeSlot), m.mountCount, m.libraryName,
  ]));
  writeLine(ctx.output, `${media.length} media`);
}

async function allMedia(ctx: ClientContext, query: MediaQuery): Promise<MediumView[]> {
  const media: MediumView[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await ctx.client.media({ ...query, limit: PAGE, offset });
    media.push(...page);
    if (page.length < PAGE) return media;
  }
}

async function elementNames(ctx: ClientContext, media: readonly MediumView[]): Promise<ElementNames> {
  const libraries = [...new Set(media.map((m) => m.libraryName))];
  return new ElementNames(await Promise.all(libraries.map((name) => ctx.client.library(name))));
}

function sideStates(m: MediumView): string {
  return m.sides.map((s) => s.state).join('/');
}

/** `changer media show <barcode>`: one medium, every field. */
export async function mediaShowCommand(ctx: ClientContext, barcode: string): Promise<void> {
  const library = await libraryOf(ctx);
  const m = await ctx.client.medium(library, barcode);
  if (ctx.output.json) return writeJson(ctx.output, m);
  const names = new ElementNames([await ctx.client.library(m.libraryName)]);
  const rows: [string, string | number | null][] = [
    ['barcode', m.barcode], ['library', m.libraryName], ['media type', m.mediaType], ['pool', m.poolName], ['state', m.state],
    ['location', names.location(m.libraryName, m.location)], ['home slot', m.homeSlot === null ? null : names.element(m.libraryName, 'slot', m.homeSlot)],
    ['mounts', m.mountCount], ['last mounted', m.lastMountedAt === null ? null : new Date(m.lastMountedAt).toISOString()], ['errors', m.errorCount],
    ['barcode state', m.barcodeState], ['on-media label', m.onMediaLabel === null ? 'not read (full inventory reads it)' : `${m.onMediaLabel.type}${m.onMediaLabel.id === null ? '' : ` ${m.onMediaLabel.id}`}`],
    ['enabled', m.enabled ? 'yes' : 'no'],
  ];
  if (m.sideCount > 1) rows.push(['side B barcode', m.alternateBarcode], ['facing side', m.facingSide === 0 ? 'A (side 0)' : 'B (side 1)']);
  if (m.cleanerUsesRemaining !== null) rows.push(['cleanings left', m.cleanerUsesRemaining < 0 ? 'until worn out' : m.cleanerUsesRemaining]);
  for (const s of m.sides) rows.push([`side ${s.side}`, `${s.state}${s.application === null ? '' : ` (${s.application})`}, ${s.allocationCount} allocations, ${s.mountCount} mounts`]);
  for (const [name, value] of rows) writeLine(ctx.output, `${`${name}:`.padEnd(16)}${value ?? '-'}`);
}
