// What every part of a running manager shares.
import type { Clock } from '../../shared/clock.ts';
import type { Catalog } from '../catalog/index.ts';
import type { EventBus } from './eventBus.ts';
import type { ManagerLogger } from './options.ts';

export interface ManagerContext {
  readonly catalog: Catalog;
  readonly bus: EventBus;
  readonly logger: ManagerLogger;
  readonly clock: Clock;
  readonly ownerId: string;
}
