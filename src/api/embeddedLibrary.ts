// The operator's side of an embedded virtual library: what the front-panel routes need from it.
// A VirtualLibrary is one; a library reached over iSCSI or SG_IO has no front panel we can press.
import type { FrontPanel } from '../emulator/frontPanel.ts';
import type { ElementKind } from '../emulator/profile.ts';
import { embeddedLibrary } from '../transport/embeddedLibraries.ts';

export interface EmbeddedLibrary {
  readonly frontPanel: FrontPanel;
  /** Element addresses of a kind, ascending: zero-based index i is addresses(kind)[i]. */
  addresses(kind: ElementKind): number[];
}

/** The embedded library of that name, or undefined when the library is not one. */
export type EmbeddedLibraryLookup = (library: string) => EmbeddedLibrary | undefined;

/** The libraries a manager serves from `virtual:` URLs in this process, found by name. */
export function embeddedLibrariesOf(manager: { configuredLibraries(): readonly { readonly name: string; readonly deviceUrl: string }[] }): EmbeddedLibraryLookup {
  return (library) => {
    const config = manager.configuredLibraries().find((l) => l.name === library);
    return config === undefined ? undefined : embeddedLibrary(config.deviceUrl);
  };
}
