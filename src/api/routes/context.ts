// What every route group gets when it is registered.
import type { StorageService } from '../../rsm/service.ts';

export interface RouteContext {
  readonly service: StorageService;
}
