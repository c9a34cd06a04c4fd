import { z } from 'zod';

/**
 * Everything a user can set. Every field has a default so an empty store is a valid one; later
 * areas add their fields here (and nothing else has to change).
 */
export const Settings = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  timeFormat: z.enum(['relative', 'local', 'utc']).default('relative'),
  confirmDestructive: z.boolean().default(true),
});
export type Settings = z.infer<typeof Settings>;

/** A partial update: only the given fields change; unknown fields are an error. */
export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const defaultSettings = (): Settings => Settings.parse({});
