// The API's answers as the page reads them (the subset it shows). Written out here rather than
// imported from src/api: the page is built for the browser and must not pull in server modules.

export const ROLES = ['reader', 'application', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface Session {
  readonly token: string;
  readonly role: Role;
  readonly application: string;
}

export type MediumElementType = 'transport' | 'slot' | 'ieport' | 'drive';

export interface Element {
  readonly type: MediumElementType | 'door';
  readonly index: number;
  readonly displayNumber: number;
  readonly state: string;
  readonly magazine: number | null;
  readonly enabled: boolean;
}

export interface Drive {
  readonly index: number;
  readonly serialNumber: string | null;
  readonly devicePath: string | null;
  readonly state: string;
  readonly needsCleaning: boolean;
  readonly lastCleanedAt: number | null;
  readonly mountCount: number;
  readonly barcode: string | null;
  readonly mediumId: string | null;
  readonly enabled: boolean;
  readonly disabledReason: string | null;
}

export interface LibrarySummary {
  readonly id: string;
  readonly name: string;
  readonly deviceUrl: string;
  readonly profile: string | null;
  readonly state: string;
  readonly slotCount: number;
  readonly driveCount: number;
  readonly ieportCount: number;
  readonly mediaCount: number;
  readonly queuedRequests: number;
}

export interface LibraryDetail extends LibrarySummary {
  readonly elements: readonly Element[];
  readonly drives: readonly Drive[];
}

export interface Medium {
  readonly id: string;
  readonly libraryName: string;
  readonly barcode: string | null;
  readonly barcodeState: 'ok' | 'unreadable' | 'none';
  readonly mediaType: string;
  readonly poolName: string | null;
  readonly state: string;
  readonly location: { readonly type: MediumElementType | 'outside'; readonly index?: number };
  readonly homeSlot: number | null;
  readonly mountCount: number;
  readonly lastMountedAt: number | null;
  readonly errorCount: number;
  readonly cleanerUsesRemaining: number | null;
  readonly onMediaLabel: { readonly type: string; readonly id: string | null; readonly readAt: number } | null;
  readonly enabled: boolean;
  readonly updatedAt: number;
}

export interface RequestView {
  readonly id: number;
  readonly libraryName: string;
  readonly kind: string;
  readonly state: string;
  readonly priority: number;
  readonly application: string | null;
  readonly user: string | null;
  readonly barcode: string | null;
  readonly driveIndex: number | null;
  readonly submittedAt: number;
  readonly finishedAt: number | null;
  readonly errorMessage: string | null;
  readonly history: readonly { readonly state: string; readonly at: number; readonly note: string | null }[];
}

export interface OperatorRequest {
  readonly id: number;
  readonly kind: string;
  readonly state: 'submitted' | 'acknowledged' | 'refused' | 'completed';
  readonly message: string;
  readonly libraryId: string | null;
  readonly reason: string | null;
  readonly barcode: string | null;
  readonly driveIndex: number | null;
  readonly submittedAt: number;
  readonly updatedAt: number;
  readonly resolvedBy: string | null;
}

export interface FrontPanelStatus {
  readonly door: 'open' | 'closed' | 'none';
  readonly mailslots: Readonly<Record<string, 'open' | 'closed'>>;
  readonly magazines: Readonly<Record<string, 'in' | 'out'>>;
  readonly ready: string;
  readonly locked: boolean;
  readonly outside: readonly (string | null)[];
}

export interface ManagerEvent {
  readonly seq: number;
  readonly at: number;
  readonly type: 'request' | 'medium' | 'drive' | 'element' | 'operator-request' | 'library';
  readonly library: string | null;
  readonly barcode?: string | null;
  readonly location?: string;
  readonly state?: string;
  readonly drive?: number;
  readonly element?: string;
  readonly detail?: string | null;
  readonly request?: RequestView;
  readonly operatorRequest?: OperatorRequest;
}

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}
