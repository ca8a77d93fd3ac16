// The front panel of an embedded virtual library, for people and tests to do what an operator
// does at the machine: open and close the door, use the mailslot, pull magazines, eject a drive,
// power-cycle. It is the virtual hardware's own operator interface, reached beside the manager and
// not through it: the manager is not told, it finds out the way it would from real hardware (unit
// attentions, a changed inventory) and reconciles its catalog. The API knows the panel only by its
// contract (shared/frontPanel.ts): the composition root that opened the library hands the emulator's
// panel in. Elements are named by zero-based number, SCSI addresses stay behind the panel.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@fastify/type-provider-typebox';
import type { NewCartridge, OperatorPanel, PanelCartridge } from '../../shared/frontPanel.ts';
import { conflict } from '../apiError.ts';
import { LibraryParams } from '../schemas/common.ts';
import { FrontPanelBodies, FrontPanelStatusSchema, type FrontPanelAction } from '../schemas/frontPanel.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import type { RouteContext } from './context.ts';

export interface EmbeddedLibrary {
  readonly frontPanel: OperatorPanel;
}

/** The embedded library of that name, or undefined when the library is not one. */
export type EmbeddedLibraryLookup = (library: string) => EmbeddedLibrary | undefined;

/** The front panel of the library a device URL opens in this process (a `virtual:` URL), if any. */
export type FrontPanelAt = (deviceUrl: string) => OperatorPanel | undefined;

/**
 * The libraries a manager is configured with that run in this process, by name: the manager only
 * says which device each name is; the composition root, which opened the devices, finds the panel
 * (`panelAt`), so the API does not reach below the driver for it.
 */
export function embeddedLibrariesOf(manager: { configuredLibraries(): readonly { readonly name: string; readonly deviceUrl: string }[] }, panelAt: FrontPanelAt): EmbeddedLibraryLookup {
  return (library) => {
    const configured = manager.configuredLibraries().find((c) => c.name === library);
    // No such library (the route answers 404) or a real device (409).
    const frontPanel = configured === undefined ? undefined : panelAt(configured.deviceUrl);
    return frontPanel === undefined ? undefined : { frontPanel };
  };
}

interface FrontPanelContext extends RouteContext {
  readonly embedded: EmbeddedLibraryLookup;
}

type Body<A extends FrontPanelAction> = Static<(typeof FrontPanelBodies)[A]>;

/** A cartridge the operator took out earlier goes back as itself; any other barcode is a new cartridge. */
function cartridgeInHand(panel: OperatorPanel, body: NewCartridge): PanelCartridge | NewCartridge {
  const held = body.barcode === null ? undefined : panel.outside.find((c) => c.label === body.barcode);
  if (held !== undefined) return held;
  return {
    barcode: body.barcode,
    ...(body.kind === undefined ? {} : { kind: body.kind }),
    ...(body.cleaningUses === undefined ? {} : { cleaningUses: body.cleaningUses }),
    ...(body.volumeLabel === undefined ? {} : { volumeLabel: body.volumeLabel }),
  };
}

/** Opens the mailslot, does the operator's part, closes it again even if that part failed. */
async function atMailslot<T>(panel: OperatorPanel, work: () => T): Promise<T> {
  await panel.openMailslot();
  try {
    return work();
  } finally {
    await panel.closeMailslot();
  }
}

type ActionResult = { readonly cartridge?: string | null } | undefined;

const ACTIONS: { readonly [A in FrontPanelAction]: { summary: string; run: (library: EmbeddedLibrary, body: Body<A>) => Promise<ActionResult> | ActionResult } } = {
  'open-door': { summary: 'Open the door (libraries with a door)', run: async (l) => void (await l.frontPanel.openDoor()) },
  'close-door': { summary: 'Close the door; answers once the inventory that follows is over', run: async (l) => void (await l.frontPanel.closeDoor()) },
  'insert-mailslot': {
    summary: 'Open the mailslot, put a cartridge in, close it',
    run: async (l, body) => {
      const placed = await atMailslot(l.frontPanel, () => l.frontPanel.insertIntoMailslot(cartridgeInHand(l.frontPanel, body), body.index === undefined ? {} : { index: body.index }));
      return { cartridge: placed.label };
    },
  },
  'take-mailslot': {
    summary: 'Open the mailslot, take a cartridge out, close it',
    run: async (l, body) => {
      const taken = await atMailslot(l.frontPanel, () => l.frontPanel.takeFromMailslot(body.index === undefined ? {} : { index: body.index }));
      return { cartridge: taken.label };
    },
  },
  'insert-door': {
    summary: 'Through the open door, put a cartridge into a slot',
    run: (l, body) => ({ cartridge: l.frontPanel.insertThroughDoorAt('slot', body.slot, cartridgeInHand(l.frontPanel, body)).label }),
  },
  'remove-door': {
    summary: 'Through the open door, take the cartridge out of an element',
    run: (l, body) => ({ cartridge: l.frontPanel.removeThroughDoorAt(body.type, body.index).label }),
  },
  'pull-magazine': { summary: 'Pull a magazine out', run: (l, body) => void l.frontPanel.pullMagazine(body.magazine) },
  'insert-magazine': { summary: 'Push a magazine back in; answers once its slots are scanned', run: async (l, body) => void (await l.frontPanel.insertMagazine(body.magazine)) },
  'put-magazine': {
    summary: 'Put a cartridge into a position of a pulled magazine',
    run: (l, body) => ({ cartridge: l.frontPanel.putIntoMagazine(body.magazine, body.position, cartridgeInHand(l.frontPanel, body)).label }),
  },
  'take-magazine': {
    summary: 'Take the cartridge out of a position of a pulled magazine',
    run: (l, body) => ({ cartridge: l.frontPanel.takeFromMagazine(body.magazine, body.position).label }),
  },
  'eject-drive': { summary: 'Eject the cartridge of a drive (what `mt offline` does)', run: async (l, body) => void (await l.frontPanel.ejectDrive(body.drive)) },
  'soil-drive': { summary: 'Make a drive ask for cleaning (TapeAlert 20 "clean now", or 21 with urgency periodic), as a dirty head does', run: (l, body) => void l.frontPanel.soilDrive(body.drive, body.urgency ?? 'now') },
  'power-cycle': { summary: 'Switch the library off and on; answers once it is ready', run: async (l) => void (await l.frontPanel.powerCycle()) },
};

export const frontPanelRoutes: FastifyPluginAsyncTypebox<FrontPanelContext> = async (app, { service, embedded }) => {
  async function embeddedLibrary(name: string): Promise<EmbeddedLibrary> {
    const library = embedded(name);
    if (library !== undefined) return library;
    await service.library(name); // 404 when there is no such library at all
    throw conflict(`library "${name}" is not an embedded virtual library; its front panel is out of this manager's reach`);
  }

  app.get(
    '/v1/libraries/:library/front-panel',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['front panel'],
        summary: 'Door, mailslots, magazines and readiness of an embedded virtual library',
        params: LibraryParams,
        response: { 200: FrontPanelStatusSchema, ...ErrorResponses },
      },
    },
    async (request) => (await embeddedLibrary(request.params.library)).frontPanel.status(),
  );

  for (const action of Object.keys(ACTIONS) as FrontPanelAction[]) {
    const { summary, run } = ACTIONS[action] as { summary: string; run: (library: EmbeddedLibrary, body: unknown) => Promise<ActionResult> | ActionResult };
    app.post(
      `/v1/libraries/:library/front-panel/${action}`,
      {
        config: { role: 'operator' },
        schema: {
          tags: ['front panel'],
          summary,
          params: LibraryParams,
          body: FrontPanelBodies[action],
          response: { 200: FrontPanelStatusSchema, ...ErrorResponses },
        },
      },
      async (request) => {
        const library = await embeddedLibrary(request.params.library);
        const result = await run(library, request.body);
        request.log.info({ library: request.params.library, action, cartridge: result?.cartridge, by: request.caller?.token }, 'front panel');
        return { ...library.frontPanel.status(), ...result };
      },
    );
  }
};
