import { Type, type Static } from '@fastify/type-provider-typebox';
import type { FrontPanelStatus } from '../../shared/frontPanel.ts';
import { MEDIUM_ELEMENT_TYPES } from '../../rsm/catalog/index.ts';
import { ElementIndex, List, Nullable, StringEnum, type Assert, type Describes } from './common.ts';

const panelFields = {
  door: StringEnum(['open', 'closed', 'none'] as const),
  mailslots: Type.Record(Type.String(), StringEnum(['open', 'closed'] as const), { description: 'mailslot name → open/closed' }),
  magazines: Type.Record(Type.String(), StringEnum(['in', 'out'] as const), { description: 'magazine name → in/out' }),
  ready: StringEnum(['ready', 'booting', 'inventory'] as const),
  locked: Type.Boolean({ description: 'a host has prevented medium removal: door, mailslots and magazines stay shut' }),
  outside: List(Nullable(Type.String()), { description: 'barcodes of the cartridges the operator holds (taken out), null for unlabelled ones' }),
};

export const FrontPanelStatusSchema = Type.Object(
  {
    ...panelFields,
    cartridge: Type.Optional(Nullable(Type.String({ description: 'the barcode of the cartridge this action put in or took out' }))),
  },
  { title: 'FrontPanelStatus' },
);

const Kind = StringEnum(['data', 'cleaning', 'diagnostic', 'worm'] as const, {
  description: 'what the cartridge is; default: read from the barcode (CLN… = cleaning, LT…LZ suffix = WORM)',
});

/**
 * A cartridge the operator puts in: one taken out earlier (by barcode), or a new one. `null` is
 * a cartridge without a label.
 */
const cartridgeFields = {
  barcode: Nullable(Type.String({ minLength: 1, maxLength: 32 })),
  kind: Type.Optional(Kind),
  cleaningUses: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'cleaners: cleanings left' })),
  volumeLabel: Type.Optional(Type.String({ minLength: 1, maxLength: 6, description: 'a new cartridge: the ANSI VOL1 volume identifier written at the start of its tape (default: a blank tape)' })),
};

const Magazine = Type.String({ minLength: 1, maxLength: 64 });

export const EmptyBodySchema = Type.Object({}, { additionalProperties: false });

export const FrontPanelBodies = {
  'open-door': EmptyBodySchema,
  'close-door': EmptyBodySchema,
  'power-cycle': EmptyBodySchema,
  'insert-mailslot': Type.Object({ ...cartridgeFields, index: Type.Optional(ElementIndex) }, { additionalProperties: false }),
  'take-mailslot': Type.Object({ index: Type.Optional(ElementIndex) }, { additionalProperties: false }),
  'insert-door': Type.Object({ ...cartridgeFields, slot: ElementIndex }, { additionalProperties: false }),
  'remove-door': Type.Object({ type: StringEnum(MEDIUM_ELEMENT_TYPES), index: ElementIndex }, { additionalProperties: false }),
  'pull-magazine': Type.Object({ magazine: Magazine }, { additionalProperties: false }),
  'insert-magazine': Type.Object({ magazine: Magazine }, { additionalProperties: false }),
  'put-magazine': Type.Object({ ...cartridgeFields, magazine: Magazine, position: ElementIndex }, { additionalProperties: false }),
  'take-magazine': Type.Object({ magazine: Magazine, position: ElementIndex }, { additionalProperties: false }),
  'eject-drive': Type.Object({ drive: ElementIndex }, { additionalProperties: false }),
  'soil-drive': Type.Object({ drive: ElementIndex, urgency: Type.Optional(StringEnum(['now', 'periodic'] as const)) }, { additionalProperties: false }),
} as const;

export type FrontPanelAction = keyof typeof FrontPanelBodies;

export type _FrontPanelChecks = [Assert<Describes<Static<typeof FrontPanelStatusSchema>, FrontPanelStatus>>];
