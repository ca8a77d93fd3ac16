// Pieces the views share: an action button that only exists for a role allowed to press it, and
// the place an operator request is about.
import type { ComponentChildren } from 'preact';
import type { Store } from '../store.ts';
import { placeKey } from '../store.ts';
import { roleAllows, type OperatorRequest, type Role } from '../types.ts';

interface ActionProps {
  readonly store: Store;
  readonly role: Role;
  readonly run: () => Promise<unknown>;
  readonly done?: string;
  readonly children: ComponentChildren;
  readonly label?: string;
}

/** A button for an API action: absent for roles that may not do it; its failure is the page's error banner. */
export function Action({ store, role, run, done, children, label }: ActionProps) {
  if (!roleAllows(store.session.role, role)) return null;
  return (
    <button type="button" class="act" aria-label={label} onClick={() => void store.guard(run, done)}>
      {children}
    </button>
  );
}

/** `slot:3`, `drive:0`… of what an operator request asks to act on, when the page can tell. */
export function placeOfRequest(store: Store, request: OperatorRequest): string | undefined {
  if (request.driveIndex !== null) return placeKey('drive', request.driveIndex);
  if (request.barcode !== null) {
    const medium = [...store.media.values()].find((m) => m.barcode === request.barcode);
    if (medium !== undefined && medium.location.type !== 'outside' && medium.location.index !== undefined) return placeKey(medium.location.type, medium.location.index);
  }
  // The manager's message names the element as the front panel numbers it ("slot:22", "drive:1").
  const named = /\b(slot|drive|ieport|mailslot|transport):(\d+)\b/.exec(request.message);
  if (named !== null) {
    const type = named[1] === 'mailslot' ? 'ieport' : named[1];
    const element = store.detail?.elements.find((e) => e.type === type && e.displayNumber === Number(named[2]));
    if (element !== undefined) return placeKey(element.type, element.index);
  }
  if (request.kind === 'new-media' || request.reason === 'mailslot' || /mailslot/i.test(request.message)) return placeKey('ieport', 0);
  return undefined;
}
