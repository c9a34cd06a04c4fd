import { z } from 'zod';
import { APP_COMMAND_IDS } from '../commands';
import { method } from './define';
import { Settings, SettingsPatch } from './settings';

const Empty = z.object({}).strict();

export const AppInfo = z.object({
  name: z.literal('Hookbench'),
  version: z.string(),
  host: z.enum(['electron', 'headless']),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  node: z.string(),
  sqlite: z.string(),
  platform: z.string(),
  startedAt: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appMethods = {
  'app.info': method(Empty, AppInfo, 'Version, host kind and where the data lives.'),
  'settings.get': method(Empty, Settings, 'All settings, with defaults filled in.'),
  'settings.update': method(SettingsPatch, Settings, 'Change some settings; returns all of them.'),
};

export const appEvents = {
  'settings.changed': Settings,
  /** The desktop host's menu or tray asks the UI to run a command (src/shared/commands.ts). */
  'app.command': z.object({ command: z.enum(APP_COMMAND_IDS) }),
  /**
   * A `.hookbench.json` collection was opened from the file manager and the core has no
   * `collections.import` to take it (see src/main/open-collection.ts): the UI tells the user.
   */
  'app.fileOpened': z.object({ fileName: z.string(), path: z.string() }),
};
