// The operator's side of an embedded virtual library: what the front-panel routes need from it.
// The manager hands it out (it owns the library); a library reached over iSCSI or SG_IO has no
// front panel we can press.
import type { FrontPanel } from '../emulator/frontPanel.ts';
import type { ElementKind } from '../emulator/profile.ts';

export interface EmbeddedLibrary {
  readonly frontPanel: FrontPanel;
  /** Element addresses of a kind, ascending: zero-based index i is addresses(kind)[i]. */
  addresses(kind: ElementKind): number[];
}

/** The embedded library of that name, or undefined when the library is not one. */
export type EmbeddedLibraryLookup = (library: string) => EmbeddedLibrary | undefined;

/** The libraries a manager serves from `virtual:` URLs in this process, through its own accessor. */
export function embeddedLibrariesOf(manager: { frontPanel(library: string): FrontPanel }): EmbeddedLibraryLookup {
  return (library) => {
    let frontPanel: FrontPanel;
    try {
      frontPanel = manager.frontPanel(library);
    } catch {
      return undefined; // no such library (the route answers 404) or a real device (409)
    }
    return { frontPanel, addresses: (kind) => frontPanel.addresses(kind) };
  };
}
