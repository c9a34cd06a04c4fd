import path from 'node:path';
import type { CoreContext, CoreModule } from '../context';

export function createAppModule(ctx: CoreContext): CoreModule {
  const sqlite = (ctx.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  ctx.settings.onChange((next) => ctx.events.emit('settings.changed', next));
  return {
    handlers: {
      'app.info': () => ({
        name: 'Hookbench' as const,
        version: ctx.version,
        host: ctx.options.host ?? 'headless',
        dataDir: ctx.dataDir,
        databasePath: path.join(ctx.dataDir, 'hookbench.db'),
        schemaVersion: (ctx.db.prepare('SELECT COUNT(*) AS n FROM _migrations').get() as { n: number }).n,
        node: process.versions.node,
        sqlite,
        platform: `${process.platform}-${process.arch}`,
        startedAt: ctx.startedAt,
      }),
      'settings.get': () => ctx.settings.get(),
      'settings.update': (patch) => ctx.settings.update(patch),
    },
  };
}
