// The library as its front panel numbers it: drives, pickers, mailslots and door on top, then the
// slots grouped by magazine, each cartridge with its barcode, media type, pool and state. A big
// library (10,000 slots) is drawn in fixed-height rows of which only those in view are rendered;
// the barcode search scrolls to the cartridge and outlines it.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { placeKey, type Store } from '../store.ts';
import { placeWord } from '../format.ts';
import type { Drive, Element, Medium } from '../types.ts';

/** Above this many slots only the rows in view are rendered. */
const VIRTUAL_ABOVE = 500;
const HEADER_HEIGHT = 30;
const ROW_HEIGHT = 78;
const CELL_WIDTH = 132;
const OVERSCAN_ROWS = 4;

type Row = { readonly kind: 'header'; readonly label: string; readonly absent: boolean } | { readonly kind: 'cells'; readonly slots: readonly Element[] };

function mediumClasses(medium: Medium | undefined, inTransit: boolean): string[] {
  if (medium === undefined) return ['empty'];
  const classes = ['full'];
  if (medium.location.type === 'drive') classes.push('mounted');
  if (inTransit || medium.location.type === 'transport') classes.push('transit');
  if (medium.cleanerUsesRemaining !== null || (medium.barcode ?? '').startsWith('CLN')) classes.push('cleaning');
  if (medium.state === 'operror' || medium.state === 'opreq') classes.push('error');
  if (medium.barcodeState !== 'ok') classes.push('unreadable');
  return classes;
}

function stateWords(medium: Medium, inTransit: boolean): string {
  if (medium.barcodeState === 'unreadable') return 'label unreadable';
  if (medium.barcodeState === 'none') return 'no label';
  if (inTransit || medium.location.type === 'transport') return 'in transit';
  if (medium.state === 'operror') return 'error';
  if (medium.cleanerUsesRemaining !== null) return `cleaner (${medium.cleanerUsesRemaining < 0 ? '∞' : medium.cleanerUsesRemaining})`;
  return medium.state;
}

interface CellProps {
  readonly element: Element;
  readonly label: string;
  readonly medium: Medium | undefined;
  readonly inTransit: boolean;
  readonly found: boolean;
  readonly flagged: boolean;
  readonly absent?: boolean;
  readonly extra?: string;
}

function Cell({ element, label, medium, inTransit, found, flagged, absent, extra }: CellProps) {
  const classes = ['cell', element.type, ...mediumClasses(medium, inTransit)];
  const missing = absent === true || element.state === 'not-present';
  if (missing) classes.push('absent');
  if (!element.enabled) classes.push('disabled');
  if (found) classes.push('found');
  if (flagged) classes.push('flagged');
  const title = [label, medium?.barcode ?? (medium === undefined ? 'empty' : 'no barcode'), missing ? 'magazine out' : '', element.enabled ? '' : 'disabled'].filter((w) => w !== '').join(' · ');
  return (
    <div class={classes.join(' ')} data-type={element.type} data-index={element.index} data-barcode={medium?.barcode ?? undefined} title={title} role="gridcell" aria-label={title}>
      <span class="num">{label}</span>
      {medium === undefined ? (
        <span class="what">{missing ? 'absent' : element.enabled ? 'empty' : 'disabled'}</span>
      ) : (
        <>
          <span class="barcode">{medium.barcode ?? '(no label)'}</span>
          <span class="what">
            {medium.mediaType}
            {medium.poolName === null ? '' : ` · ${medium.poolName}`}
          </span>
          <span class="state">{stateWords(medium, inTransit)}</span>
        </>
      )}
      {extra === undefined ? null : <span class="what">{extra}</span>}
    </div>
  );
}

function rowsOf(slots: readonly Element[], columns: number, magazineNames: readonly string[], magazinesOut: ReadonlySet<string>): Row[] {
  const groups = new Map<number | null, Element[]>();
  for (const slot of slots) {
    const group = groups.get(slot.magazine) ?? [];
    group.push(slot);
    groups.set(slot.magazine, group);
  }
  const rows: Row[] = [];
  for (const [magazine, group] of groups) {
    group.sort((a, b) => a.displayNumber - b.displayNumber);
    const first = group[0]?.displayNumber ?? 0;
    const last = group[group.length - 1]?.displayNumber ?? 0;
    const name = magazine === null ? undefined : magazineNames[magazine];
    const label = magazine === null ? `Slots ${first}–${last}` : `Magazine ${name ?? magazine + 1} · slots ${first}–${last}`;
    rows.push({ kind: 'header', label: magazinesOut.has(name ?? '') ? `${label} · pulled out` : label, absent: magazinesOut.has(name ?? '') });
    for (let i = 0; i < group.length; i += columns) rows.push({ kind: 'cells', slots: group.slice(i, i + columns) });
  }
  return rows;
}

export function LibraryMap({ store }: { readonly store: Store }) {
  const detail = store.detail;
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<string | undefined>(undefined);
  const [searchNote, setSearchNote] = useState<string | undefined>(undefined);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ width: 1000, height: 600 });
  const scroller = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setSize({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    setSize({ width: element.clientWidth, height: element.clientHeight });
    return () => observer.disconnect();
  }, [detail === undefined]);

  useEffect(() => {
    if (found === undefined) return;
    document.querySelector(`.cell[data-barcode="${CSS.escape(found)}"]`)?.scrollIntoView({ block: 'center' });
  }, [found, scrollTop === 0]);

  // Laid out once per library answer, width and magazine change, not per event: with 10,000
  // slots, grouping and sorting them is most of a render.
  const columns = Math.max(1, Math.floor((size.width - 8) / CELL_WIDTH));
  const magazines = JSON.stringify(store.panel?.magazines ?? {});
  const layout = useMemo(() => layoutOf(detail?.elements ?? [], columns, JSON.parse(magazines) as Record<string, string>), [detail, columns, magazines]);

  // "Show on map" from the inbox: scroll the element it names into view (once).
  const focus = store.focus;
  useEffect(() => {
    if (focus === undefined || detail === undefined) return;
    store.focus = undefined;
    const [type, index] = focus.split(':');
    if (layout.slots.length > VIRTUAL_ABOVE && type === 'slot' && scroller.current !== null) {
      const rowIndex = layout.rows.findIndex((row) => row.kind === 'cells' && row.slots.some((s) => s.index === Number(index)));
      if (rowIndex >= 0) {
        const top = Math.max(0, (layout.tops[rowIndex] ?? 0) - size.height / 2 + ROW_HEIGHT / 2);
        scroller.current.scrollTop = top;
        setScrollTop(top);
      }
    }
    requestAnimationFrame(() => document.querySelector(`.cell[data-type="${type ?? ''}"][data-index="${index ?? ''}"]`)?.scrollIntoView({ block: 'center' }));
  }, [focus, detail === undefined]);

  if (detail === undefined) return <p class="muted">Loading the library…</p>;

  const transit = new Set(store.requests.filter((r) => r.state === 'in-progress' && r.barcode !== null).map((r) => r.barcode as string));
  const flagged = store.highlight;
  const elements = detail.elements;
  const { slots, byType, rows, tops, height, magazineNames, magazinesOut } = layout;
  const virtual = slots.length > VIRTUAL_ABOVE;

  const cellFor = (element: Element, label: string, extra?: string, absent?: boolean) => {
    const medium = store.at.get(placeKey(element.type, element.index));
    return (
      <Cell
        key={placeKey(element.type, element.index)}
        element={element}
        label={label}
        medium={medium}
        inTransit={medium?.barcode !== null && medium?.barcode !== undefined && transit.has(medium.barcode)}
        found={found !== undefined && medium?.barcode === found}
        flagged={flagged.has(placeKey(element.type, element.index))}
        {...(extra === undefined ? {} : { extra })}
        {...(absent === undefined ? {} : { absent })}
      />
    );
  };

  const scrollTo = (medium: Medium) => {
    setFound(medium.barcode ?? undefined);
    const where = medium.location;
    setSearchNote(where.type === 'outside' ? `${medium.barcode} is outside the library.` : `${medium.barcode}: ${placeWord(where.type)} ${displayOf(elements, where.type, where.index ?? 0)}`);
    if (virtual && where.type === 'slot' && scroller.current !== null) {
      const rowIndex = rows.findIndex((row) => row.kind === 'cells' && row.slots.some((s) => s.index === where.index));
      if (rowIndex >= 0) {
        const top = Math.max(0, (tops[rowIndex] ?? 0) - size.height / 2 + ROW_HEIGHT / 2);
        scroller.current.scrollTop = top;
        setScrollTop(top);
      }
    }
  };

  const search = async (event: Event) => {
    event.preventDefault();
    const wanted = query.trim().toUpperCase();
    if (wanted === '') return;
    const media = [...store.media.values()];
    let medium = media.find((m) => (m.barcode ?? '').toUpperCase() === wanted);
    // Not among the media loaded so far (a big library still loading): ask the manager.
    if (medium === undefined) medium = await store.api.get<Medium>(`/v1/libraries/${encodeURIComponent(detail.name)}/media/${encodeURIComponent(wanted)}`).catch(() => undefined);
    medium ??= media.find((m) => (m.barcode ?? '').toUpperCase().startsWith(wanted));
    if (medium === undefined || medium.barcode === null) {
      setFound(undefined);
      setSearchNote(`No cartridge ${wanted} in ${detail.name}.`);
      return;
    }
    store.putMedium(medium);
    scrollTo(medium);
  };

  const first = virtual ? Math.max(0, rows.findIndex((_, i) => (tops[i] ?? 0) + ROW_HEIGHT >= scrollTop) - OVERSCAN_ROWS) : 0;
  let last = rows.length;
  if (virtual) {
    last = first;
    while (last < rows.length && (tops[last] ?? 0) < scrollTop + size.height) last++;
    last = Math.min(rows.length, last + OVERSCAN_ROWS);
  }

  const drives = new Map<number, Drive>(detail.drives.map((d) => [d.index, d]));
  const door = store.panel?.door ?? 'none';
  return (
    <section class="map" aria-label={`Map of ${detail.name}`}>
      <form class="toolbar" onSubmit={(e) => void search(e)} role="search">
        <label>
          Find barcode <input name="barcode" value={query} onInput={(e) => setQuery(e.currentTarget.value)} placeholder="A00001L8" autocomplete="off" />
        </label>
        <button type="submit">Find</button>
        <span class="muted" role="status">
          {searchNote ?? `${slots.length} slots · ${store.at.size} cartridges inside`}
        </span>
      </form>
      <div class="units">
        <div class="unit">
          <h3>Drives</h3>
          <div class="cells">
            {byType('drive').map((e) => {
              const drive = drives.get(e.index);
              // The cartridge's own line says "mounted"; the drive adds what the cartridge does not.
              const extra = drive === undefined ? undefined : drive.needsCleaning ? 'needs cleaning' : drive.barcode === null ? drive.state : undefined;
              return cellFor(e, `Drive ${e.displayNumber}`, extra);
            })}
          </div>
        </div>
        <div class="unit">
          <h3>Picker</h3>
          <div class="cells">{byType('transport').map((e) => cellFor(e, `Picker ${e.displayNumber}`))}</div>
        </div>
        <div class="unit">
          <h3>Mailslot</h3>
          <div class="cells">{byType('ieport').map((e) => cellFor(e, `Mailslot ${e.displayNumber}`, e.state === 'open' || e.state === 'closed' ? e.state : undefined))}</div>
        </div>
        <div class="unit">
          <h3>Door</h3>
          <p class={`door door-${door}`} data-door={door}>
            {door === 'none' ? 'no door' : door}
            {store.panel?.locked === true ? ' · locked' : ''}
          </p>
        </div>
      </div>
      <div
        class={virtual ? 'slots virtual' : 'slots'}
        ref={scroller}
        onScroll={virtual ? (e) => setScrollTop(e.currentTarget.scrollTop) : undefined}
        role="grid"
        aria-label="Slots"
        tabIndex={0}
      >
        <div style={virtual ? { height: `${height}px`, position: 'relative' } : undefined}>
          {rows.slice(first, last).map((row, offset) => {
            const i = first + offset;
            const style = virtual ? { position: 'absolute', top: `${tops[i] ?? 0}px`, left: '0', right: '0' } : undefined;
            if (row.kind === 'header')
              return (
                <h3 key={`h${i}`} class={row.absent ? 'magazine absent' : 'magazine'} style={style}>
                  {row.label}
                </h3>
              );
            return (
              <div key={`r${i}`} class="cells" role="row" style={style}>
                {row.slots.map((slot) => cellFor(slot, String(slot.displayNumber), undefined, row.slots.length > 0 && isOut(slot, magazineNames, magazinesOut)))}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function layoutOf(elements: readonly Element[], columns: number, magazineStates: Readonly<Record<string, string>>) {
  const types = new Map<string, Element[]>();
  for (const element of elements) {
    const list = types.get(element.type) ?? [];
    list.push(element);
    types.set(element.type, list);
  }
  for (const list of types.values()) list.sort((a, b) => a.index - b.index);
  const byType = (type: Element['type']): readonly Element[] => types.get(type) ?? [];
  const slots = byType('slot');
  const magazineNames = Object.keys(magazineStates);
  const magazinesOut = new Set(Object.entries(magazineStates).filter(([, state]) => state === 'out').map(([name]) => name));
  const rows = rowsOf(slots, columns, magazineNames, magazinesOut);
  const tops: number[] = [];
  let height = 0;
  for (const row of rows) {
    tops.push(height);
    height += row.kind === 'header' ? HEADER_HEIGHT : ROW_HEIGHT;
  }
  return { slots, byType, rows, tops, height, magazineNames, magazinesOut };
}

function isOut(slot: Element, names: readonly string[], out: ReadonlySet<string>): boolean {
  return slot.magazine !== null && out.has(names[slot.magazine] ?? '');
}

function displayOf(elements: readonly Element[], type: string, index: number): number {
  return elements.find((e) => e.type === type && e.index === index)?.displayNumber ?? index;
}
