import { ChangerError } from '../../../shared/changerError.ts';
import { isFull, type ElementStatus } from '../../../driver/elementStatus.ts';
import { MEDIUM_CHANGER_DEVICE_TYPE, type ProductData } from '../../../driver/productData.ts';
import type { ChangerElement } from '../../../driver/changerElement.ts';
import { placeOf } from '../../../driver/elementPlace.ts';
import type { MoveRequest } from '../../../driver/requests.ts';
import type { MediumView, RequestView } from '../../../rsm/service.ts';
import type { Place } from '../../../shared/place.ts';
import { parseDeviceUrl } from '../../../transport/deviceUrl.ts';
import { isManagerError } from '../../client/managerError.ts';
import { RsmClient } from '../../client/rsmClient.ts';
import { waitForRequest } from '../../client/waitForRequest.ts';
import type { MtxDevice } from '../mtxDevice.ts';
import { asChangerError, changerErrorFromRequest } from './managerRefusal.ts';
import { elementStatusFromCatalog } from './rsmElementStatus.ts';

/** One long-poll of a request; the whole wait has no deadline of its own (the manager ends every request). */
const POLL_MS = 25_000;
/** Media read per call for `status`. */
const MEDIA_PAGE = 1_000;

/**
 * `changer-mtx -f rsm://host:port/<library>`: mtx's commands as requests to the manager that owns
 * the library, so a backup program's loads and unloads are queued, arbitrated with everyone
 * else's and reconciled like any other request. The token comes from $CHANGER_TOKEN (Bacula's
 * mtx-changer calls mtx with a fixed command line; the environment is the way in). Opening checks
 * the library exists and the token is accepted, so a bad URL fails before any command, as mtx does.
 */
export async function openRsmMtxDevice(url: string, env: NodeJS.ProcessEnv): Promise<MtxDevice> {
  const parsed = parseDeviceUrl(url);
  if (parsed.scheme !== 'rsm') throw new ChangerError('NO_SUCH_DEVICE', `${url} is not an rsm:// URL`);
  const host = parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host;
  const token = env.CHANGER_TOKEN === undefined || env.CHANGER_TOKEN === '' ? undefined : env.CHANGER_TOKEN;
  const device = new RsmMtxDevice(new RsmClient({ server: `http://${host}:${parsed.port}`, token }), parsed.library);
  await device.check();
  return device;
}

class RsmMtxDevice implements MtxDevice {
  constructor(private readonly client: RsmClient, private readonly library: string) {}

  async check(): Promise<void> {
    await this.ask(() => this.client.library(this.library));
  }

  async readElementStatus(volumeTags: boolean): Promise<ElementStatus[]> {
    const [library, media] = await this.ask(() => Promise.all([this.client.library(this.library), this.allMedia()]));
    return elementStatusFromCatalog(library, media, volumeTags);
  }

  async productData(): Promise<ProductData> {
    const product = (await this.ask(() => this.client.library(this.library))).product;
    return { vendorId: product?.vendorId ?? '', productId: product?.productId ?? '', revision: product?.revision ?? '', serialNumber: product?.serialNumber ?? '', deviceType: MEDIUM_CHANGER_DEVICE_TYPE };
  }

  async inventory(): Promise<void> {
    await this.finish(await this.ask(() => this.client.inventory({ library: this.library, mode: 'fast' })));
  }

  async moveMedium(request: MoveRequest): Promise<void> {
    if (request.flip) throw new ChangerError('INVALID_DEVICE_REQUEST', 'the manager moves media without turning them over (invert is not available through rsm://)');
    const from = place(request.source);
    const to = place(request.destination);
    let submitted: RequestView;
    try {
      submitted = await this.client.move({ library: this.library, from, to }, POLL_MS);
    } catch (e) {
      if (isManagerError(e) && e.code === 'INVALID_STATE') throw await this.whyRefused(request, e.detail ?? e.code);
      throw asChangerError(e);
    }
    await this.finish(submitted);
  }

  exchangeMedium(): Promise<void> {
    return Promise.reject(new ChangerError('INVALID_DEVICE_REQUEST', 'exchange is not available through a manager; use two transfers'));
  }

  setPosition(): Promise<void> {
    return Promise.reject(new ChangerError('INVALID_DEVICE_REQUEST', 'the manager positions the robot itself; position is not available through rsm://'));
  }

  presentPort(): Promise<void> {
    return Promise.reject(new ChangerError('INVALID_DEVICE_REQUEST', `hand media out with 'changer media eject <barcode>' through the manager`));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private async finish(submitted: RequestView): Promise<void> {
    const r = await this.ask(() => waitForRequest(this.client, submitted, POLL_MS));
    if (r.state !== 'completed') throw changerErrorFromRequest(r);
  }

  /**
   * The manager refuses a move its catalog says cannot happen (409). mtx users expect the
   * device's words for the two usual cases, so look which one it is.
   */
  private async whyRefused(request: MoveRequest, detail: string): Promise<ChangerError> {
    const statuses = await this.readElementStatus(false).catch(() => []);
    const full = (e: ChangerElement): boolean | undefined => {
      const s = statuses.find((x) => x.element.type === e.type && x.element.index === e.index);
      return s === undefined ? undefined : isFull(s);
    };
    if (full(request.source) === false) return new ChangerError('SOURCE_ELEMENT_EMPTY', detail);
    if (full(request.destination) === true) return new ChangerError('DESTINATION_ELEMENT_FULL', detail);
    return new ChangerError('INVALID_DEVICE_REQUEST', detail);
  }

  private async allMedia(): Promise<MediumView[]> {
    const media: MediumView[] = [];
    for (let offset = 0; ; offset += MEDIA_PAGE) {
      const page = await this.client.media({ library: this.library, limit: MEDIA_PAGE, offset });
      media.push(...page);
      if (page.length < MEDIA_PAGE) return media;
    }
  }

  /** Every call to the manager: its refusals become ChangerErrors, printed the mtx way. */
  private async ask<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw asChangerError(e);
    }
  }
}

function place(e: ChangerElement): Place {
  const where = placeOf(e);
  if (where === undefined) throw new ChangerError('ILLEGAL_ELEMENT_ADDRESS', `element type ${e.type} holds no media`);
  return where;
}
