/**
 * What a save writes: a whole snapshot now and then, and in between only what changed since the
 * last write — the elements assigned since (LibraryState notes them), the elements where a command
 * may edit a cartridge in place (drives: cartridge memory, cleaner uses; transports; mailslots),
 * compared with what was last written, and the rest of the state when it differs. So a MOVE costs
 * the same in a 24-slot library and a 10,000-slot one.
 */
import type { ElementMap } from './elementMap.ts';
import type { LibraryState } from './libraryState.ts';
import type { Profile } from './profile.ts';
import { encodeElement, encodeRest, encodeState, type ChangeRecord, type ElementRecord } from './stateFile.ts';

export class StateChangeEncoder {
  readonly #profile: Profile;
  readonly #state: LibraryState;
  /** Elements outside the slots, whose cartridge other code edits without assigning it. */
  readonly #watched: readonly number[];
  /** What was last written for each watched element, and for the rest of the state. */
  readonly #written = new Map<number, string>();
  #writtenRest = '';

  constructor(profile: Profile, map: ElementMap, state: LibraryState) {
    this.#profile = profile;
    this.#state = state;
    this.#watched = [...map.all.filter((e) => e.kind !== 'slot').map((e) => e.address), ...map.hiddenGrippers];
    this.#remember();
  }

  /** Only a whole snapshot records what changed (LibraryState.touchAll). */
  get wholeStateChanged(): boolean {
    return this.#state.wholeStateChanged;
  }

  /** The whole state, continued by journal `journalId`; later change sets are relative to it. */
  snapshot(journalId: string): string {
    this.#state.changedElements.clear();
    this.#state.wholeStateChanged = false;
    this.#remember();
    return encodeState(this.#profile, this.#state, journalId);
  }

  /** The change set since the last snapshot() or changes() as JSON, or null when nothing changed. */
  changes(): string | null {
    const state = this.#state;
    const records: ElementRecord[] = [];
    for (const address of state.changedElements) {
      const record = encodeElement(address, state.element(address));
      records.push(record);
      if (this.#written.has(address)) this.#written.set(address, JSON.stringify(record));
    }
    for (const address of this.#watched) {
      if (state.changedElements.has(address)) continue;
      const record = encodeElement(address, state.element(address));
      const text = JSON.stringify(record);
      if (text === this.#written.get(address)) continue;
      this.#written.set(address, text);
      records.push(record);
    }
    state.changedElements.clear();
    const rest = encodeRest(state);
    const restText = JSON.stringify(rest);
    const restChanged = restText !== this.#writtenRest;
    this.#writtenRest = restText;
    if (records.length === 0 && !restChanged) return null;
    const change: ChangeRecord = { ...(records.length > 0 ? { elements: records } : {}), ...(restChanged ? { rest } : {}) };
    return JSON.stringify(change);
  }

  #remember(): void {
    for (const address of this.#watched) this.#written.set(address, JSON.stringify(encodeElement(address, this.#state.element(address))));
    this.#writtenRest = JSON.stringify(encodeRest(this.#state));
  }
}
