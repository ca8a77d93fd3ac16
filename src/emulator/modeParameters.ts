/**
 * The changer's mode pages (smc.md §3) in the four page-control flavours MODE SENSE can ask for.
 * Only D_SENSE of the control page is changeable; the element address map and capabilities are
 * what the profile says (like the SL150, which refuses re-addressing).
 */
import {
  CONTROL_PAGE_CODE,
  DEVICE_CAPABILITIES_PAGE_CODE,
  ELEMENT_ADDRESS_ASSIGNMENT_PAGE_CODE,
  ModePageControl,
  TRANSPORT_GEOMETRY_PAGE_CODE,
  controlPage,
  type DeviceCapabilitiesPage,
  type ElementAddressAssignmentPage,
  type ElementTypeFlags,
  type ElementTypeMatrix,
  type ModePage,
  type TransportGeometryPage,
} from '../scsi/index.ts';
import type { DeviceSession } from './deviceSession.ts';
import type { Library } from './library.ts';
import type { ElementKind } from './profile.ts';

export const SUPPORTED_MODE_PAGES: readonly number[] = [
  CONTROL_PAGE_CODE,
  ELEMENT_ADDRESS_ASSIGNMENT_PAGE_CODE,
  TRANSPORT_GEOMETRY_PAGE_CODE,
  DEVICE_CAPABILITIES_PAGE_CODE,
];

function flags(kinds: readonly ElementKind[]): ElementTypeFlags {
  return { mt: kinds.includes('transport'), st: kinds.includes('slot'), ie: kinds.includes('ieport'), dt: kinds.includes('drive') };
}

function matrix(rows: Readonly<Record<ElementKind, readonly ElementKind[]>>): ElementTypeMatrix {
  return { mt: flags(rows.transport), st: flags(rows.slot), ie: flags(rows.ieport), dt: flags(rows.drive) };
}

const NONE: ElementTypeFlags = { mt: false, st: false, ie: false, dt: false };
const NO_MATRIX: ElementTypeMatrix = { mt: NONE, st: NONE, ie: NONE, dt: NONE };

function elementAddressAssignment(library: Library, saveable: boolean, changeable: boolean): ElementAddressAssignmentPage {
  const range = (kind: ElementKind): { firstAddress: number; count: number } =>
    changeable ? { firstAddress: 0, count: 0 } : { firstAddress: library.map.firstAddress(kind), count: library.map.count(kind) };
  return {
    kind: 'element-address-assignment',
    parametersSaveable: saveable,
    transport: range('transport'),
    storage: range('slot'),
    importExport: range('ieport'),
    dataTransfer: range('drive'),
  };
}

function transportGeometry(library: Library, saveable: boolean, changeable: boolean): TransportGeometryPage {
  const rotate = library.profile.features.mediumFlip && !changeable;
  return {
    kind: 'transport-geometry',
    parametersSaveable: saveable,
    transports: library.map.ofKind('transport').map((_, i) => ({ rotate, memberNumber: changeable ? 0 : i })),
  };
}

function deviceCapabilities(library: Library, saveable: boolean, changeable: boolean): DeviceCapabilitiesPage {
  const caps = library.profile.capabilities;
  return {
    kind: 'device-capabilities',
    parametersSaveable: saveable,
    storage: changeable ? NONE : flags(caps.storage),
    autoCleanEnabled: false,
    volumeTagReaderPresent: !changeable && library.profile.features.barcodeReader,
    smc2: !changeable,
    moveFrom: changeable ? NO_MATRIX : matrix(caps.move),
    exchangeWith: changeable ? NO_MATRIX : matrix(caps.exchange),
    readAttribute: NONE,
    writeAttribute: NONE,
  };
}

/** The page `code` as `pageControl` asks (the caller has refused SAVED when nothing is saveable). */
export function modePage(library: Library, session: DeviceSession, code: number, pageControl: number): ModePage {
  const saveable = library.profile.features.modePagesSavable;
  const changeable = pageControl === ModePageControl.CHANGEABLE;
  switch (code) {
    case ELEMENT_ADDRESS_ASSIGNMENT_PAGE_CODE:
      return elementAddressAssignment(library, saveable, changeable);
    case TRANSPORT_GEOMETRY_PAGE_CODE:
      return transportGeometry(library, saveable, changeable);
    case DEVICE_CAPABILITIES_PAGE_CODE:
      return deviceCapabilities(library, saveable, changeable);
    default: {
      const descriptorSense =
        pageControl === ModePageControl.CHANGEABLE
          ? true
          : pageControl === ModePageControl.DEFAULT
            ? false
            : pageControl === ModePageControl.SAVED
              ? library.state.savedMode.descriptorSense
              : session.descriptorSense;
      return controlPage({ parametersSaveable: saveable, descriptorSense });
    }
  }
}
