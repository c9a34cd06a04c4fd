export { createCatalogModule } from './catalog-module';
export { catalogMigrations } from './migrations';
export { findCatalogEntry, listCatalog } from './catalog-store';
export { builtinCatalog } from './builtin';
