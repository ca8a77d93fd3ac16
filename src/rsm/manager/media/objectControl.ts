// Enable/DisableNtmsObject and SetNtmsObjectInformation for libraries, drives and media. A drive's
// and a medium's enabled flags are the ones mounts already check (elements, media); the reason a
// person gave is kept beside them so every refusal and every drive view can say why. A disabled
// library takes no new requests from clients (the manager's own clean-up still runs).
import type { CatalogScope, Element, Library, Medium } from '../../catalog/index.ts';
import type { ObjectSettings, SettingsObjectType } from '../../catalog/objectSettings.ts';
import type { ObjectInformation, ObjectRef, ObjectState } from '../../operationsContract.ts';
import type { Caller, MountOrder } from '../../service.ts';
import type { ManagerContext } from '../context.ts';
import { invalid, invalidState, notFound } from '../errors.ts';
import type { OwnedLibrary } from '../library/index.ts';

/** NTMS_OBJECTNAME_LENGTH and NTMS_DESCRIPTION_LENGTH. */
const NAME_LENGTH = 64;
const DESCRIPTION_LENGTH = 127;
const REASON_LENGTH = 256;
/** A day: longer than any backup job waits between two uses of a tape. */
const MAX_DEFER_SECONDS = 86_400;

interface Resolved {
  readonly library: Library;
  readonly type: SettingsObjectType;
  /** The object_settings key: '', the drive index, the medium id. */
  readonly key: string;
  readonly display: number | string | null;
  readonly medium?: Medium;
  readonly drive?: number;
}

async function resolve(catalog: CatalogScope, object: ObjectRef): Promise<Resolved> {
  const library = await catalog.libraries.findByName(object.library);
  if (library === undefined) throw notFound(`no library ${object.library}`);
  if (object.type === 'library') return { library, type: 'library', key: '', display: null };
  if (object.type === 'drive') {
    if (!Number.isInteger(object.drive) || object.drive < 0) throw invalid(`drives are numbered from 0, not ${String(object.drive)}`);
    const drives = await catalog.libraries.elements(library.id, 'drive');
    if (!drives.some((d) => d.index === object.drive)) throw notFound(`library ${library.name} has no drive ${object.drive}`);
    return { library, type: 'drive', key: String(object.drive), display: object.drive, drive: object.drive };
  }
  const medium = await catalog.media.findByBarcode(library.id, object.barcode);
  if (medium === undefined) throw notFound(`library ${library.name} has no medium ${object.barcode}`);
  return { library, type: 'medium', key: medium.id, display: object.barcode, medium };
}

async function enabledNow(catalog: CatalogScope, target: Resolved, settings: ObjectSettings): Promise<boolean> {
  if (target.medium !== undefined) return (await catalog.media.get(target.medium.id)).enabled;
  if (target.drive !== undefined) return (await catalog.libraries.elements(target.library.id, 'drive')).find((d) => d.index === target.drive)?.enabled !== false;
  return !settings.disabled;
}

async function stateOf(catalog: CatalogScope, target: Resolved): Promise<ObjectState> {
  const settings = await catalog.objectSettings.get(target.library.id, target.type, target.key);
  const enabled = await enabledNow(catalog, target, settings);
  return {
    type: target.type, library: target.library.name, key: target.display, enabled, disabledReason: enabled ? null : settings.disabledReason, name: settings.name, description: settings.description,
    deferDismountSeconds: settings.deferDismountMs === null ? null : settings.deferDismountMs / 1000,
  };
}

function checkText(value: unknown, what: string, max: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || value.length > max) throw invalid(`${what} is text of at most ${max} characters`);
  return value === '' ? null : value;
}

function describe(target: Resolved): string {
  return target.type === 'library' ? `library ${target.library.name}` : target.type === 'drive' ? `drive ${String(target.display)} of library ${target.library.name}` : `medium ${String(target.display)}`;
}

export async function objectState(ctx: ManagerContext, object: ObjectRef): Promise<ObjectState> {
  return stateOf(ctx.catalog, await resolve(ctx.catalog, object));
}

export async function setObjectEnabled(ctx: ManagerContext, object: ObjectRef, enabled: boolean, reason: string | null, caller: Caller): Promise<ObjectState> {
  const catalog = ctx.catalog;
  const target = await resolve(catalog, object);
  const why = checkText(reason, 'the reason', REASON_LENGTH) ?? null;
  await catalog.transaction(async (tx) => {
    if (target.medium !== undefined) await tx.media.setEnabled(target.medium.id, enabled);
    if (target.drive !== undefined) await tx.libraries.setElementEnabled(target.library.id, 'drive', target.drive, enabled);
    await tx.objectSettings.update(target.library.id, target.type, target.key, { disabled: !enabled, disabledReason: enabled ? null : why });
    await tx.audit.record({ who: caller, action: `${target.type}.${enabled ? 'enable' : 'disable'}`, libraryId: target.library.id, target: target.display === null ? target.library.name : String(target.display), detail: { reason: why } });
  });
  ctx.logger.info({ library: target.library.name, object: describe(target), reason: why }, enabled ? 'enabled' : 'disabled');
  return stateOf(catalog, target);
}

export async function describeObject(ctx: ManagerContext, object: ObjectRef, information: ObjectInformation, caller: Caller): Promise<ObjectState> {
  const catalog = ctx.catalog;
  const target = await resolve(catalog, object);
  const name = checkText(information.name, 'the name', NAME_LENGTH);
  const description = checkText(information.description, 'the description', DESCRIPTION_LENGTH);
  const defer = information.deferDismountSeconds;
  if (name === undefined && description === undefined && information.name === undefined && information.description === undefined && defer === undefined) throw invalid('set a name, a description or (drives) a deferred-dismount delay');
  if (defer !== undefined && target.type !== 'drive') throw invalid('only a drive has a deferred-dismount delay');
  if (defer !== undefined && defer !== null && (typeof defer !== 'number' || !Number.isFinite(defer) || defer < 0 || defer > MAX_DEFER_SECONDS)) throw invalid(`a deferred-dismount delay is 0 to ${MAX_DEFER_SECONDS} seconds (0: off; null: the manager's default)`);
  await catalog.objectSettings.update(target.library.id, target.type, target.key, {
    ...(information.name !== undefined ? { name: name ?? null } : {}),
    ...(information.description !== undefined ? { description: description ?? null } : {}),
    ...(defer !== undefined ? { deferDismountMs: defer === null ? null : Math.round(defer * 1000) } : {}),
  });
  await catalog.audit.record({ who: caller, action: `${target.type}.describe`, libraryId: target.library.id, target: target.display === null ? target.library.name : String(target.display), detail: { name: name ?? null, description: description ?? null, deferDismountSeconds: defer ?? null } });
  return stateOf(catalog, target);
}

/** The scheduler of a library just owned learns which of its drives are out of service. */
export async function withdrawDisabledDrives(catalog: CatalogScope, runtime: OwnedLibrary): Promise<void> {
  const library = runtime.library;
  if (library === undefined) return;
  for (const drive of await catalog.libraries.elements(library.id, 'drive')) if (!drive.enabled) runtime.scheduler?.setDriveInService(drive.index, false);
}

const enableHint = (what: string): string => `; changer enable ${what} puts it back in service`;

/** A client's request on a disabled library is refused, saying why and how to undo it. */
export async function refuseIfLibraryDisabled(catalog: CatalogScope, library: Library): Promise<void> {
  refuseIfDisabledBy(library, await catalog.objectSettings.get(library.id, 'library', ''));
}

function refuseIfDisabledBy(library: Library, settings: { readonly disabled: boolean; readonly disabledReason: string | null }): void {
  if (settings.disabled) throw invalidState(`library ${library.name} is disabled${settings.disabledReason !== null ? `: ${settings.disabledReason}` : ''}${enableHint(`library --library ${library.name}`)}`);
}

/** What refuseDisabledForMount read, for the mount to use rather than read again (each read is a round trip on a busy pool). */
export interface MountChecked {
  readonly driveElements: readonly Element[];
  /** The medium the order's barcode names; undefined when it names none or none has it. */
  readonly medium: Medium | undefined;
}

/**
 * A mount that needs a disabled drive or medium is refused with the reason it was disabled — the
 * named drive, the named medium, or every drive of the library.
 */
export async function refuseDisabledForMount(catalog: CatalogScope, library: Library, order: MountOrder): Promise<MountChecked> {
  // Read at once, checked in order: one wait for the catalog's connections instead of three (issue 17).
  const [settings, drives, medium] = await Promise.all([
    catalog.objectSettings.get(library.id, 'library', ''),
    catalog.libraries.elements(library.id, 'drive'),
    order.barcode === undefined ? undefined : catalog.media.findByBarcode(library.id, order.barcode),
  ]);
  refuseIfDisabledBy(library, settings);
  // The reasons are read only to say why a mount is refused.
  const why = async (indexes: readonly number[]): Promise<string[]> => {
    const reasons = await catalog.objectSettings.ofType(library.id, 'drive');
    return indexes.map((index) => {
      const reason = reasons.get(String(index))?.disabledReason ?? null;
      return reason !== null ? `: ${reason}` : '';
    });
  };
  if (order.drive !== undefined) {
    const drive = drives.find((d) => d.index === order.drive);
    if (drive !== undefined && !drive.enabled) throw invalidState(`drive ${drive.index} of library ${library.name} is disabled${(await why([drive.index]))[0] ?? ''}${enableHint(`drive:${drive.index}`)}`);
  } else if (drives.length > 0 && drives.every((d) => !d.enabled)) {
    const reasons = await why(drives.map((d) => d.index));
    throw invalidState(`every drive of library ${library.name} is disabled (${drives.map((d, n) => `drive ${d.index}${reasons[n] ?? ''}`).join('; ')})`);
  }
  if (order.barcode === undefined) return { driveElements: drives, medium: undefined };
  if (medium !== undefined && !medium.enabled) {
    const reason = (await catalog.objectSettings.get(library.id, 'medium', medium.id)).disabledReason;
    throw invalidState(`${order.barcode} is disabled${reason !== null ? `: ${reason}` : ''}${enableHint(`medium:${order.barcode}`)}`);
  }
  return { driveElements: drives, medium };
}
