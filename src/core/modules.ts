import { createAppModule } from './app/app-module';
import { catalogMigrations, createCatalogModule } from './catalog';
import type { ModuleFactory } from './context';
import { createDispatcherModule } from './dispatcher/dispatcher-module';
import { dispatcherMigrations } from './dispatcher/migrations';
import { monitoringMigrations } from './monitoring/migrations';
import { createMonitoringModule } from './monitoring/monitoring-module';
import { receiverMigrations } from './receiver/migrations';
import { createReceiverModule } from './receiver/receiver-module';
import { replayMigrations } from './replay/migrations';
import { createReplayModule } from './replay/replay-module';
import { createSigningModule } from './signing/signing-module';
import { coreMigrations, type Migration } from './store/database';

/**
 * The areas of the core, in start order, and their migrations. A new area adds one line to each
 * list. Migration ids are namespaced per area and applied in this order.
 */
export const moduleFactories: [name: string, factory: ModuleFactory][] = [
  ['app', createAppModule],
  ['catalog', createCatalogModule],
  ['dispatcher', createDispatcherModule],
  ['receiver', createReceiverModule],
  ['signing', createSigningModule],
  ['monitoring', createMonitoringModule],
  ['replay', createReplayModule],
];

export const allMigrations: Migration[] = [
  ...coreMigrations,
  ...catalogMigrations,
  ...receiverMigrations,
  ...dispatcherMigrations,
  ...monitoringMigrations,
  ...replayMigrations,
];
