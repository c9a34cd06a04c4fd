import { z } from 'zod';

/**
 * Everything a user can set. Every field has a default so an empty store is a valid one; later
 * areas add their fields here (and nothing else has to change).
 */
export const Settings = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  timeFormat: z.enum(['relative', 'local', 'utc']).default('relative'),
  confirmDestructive: z.boolean().default(true),
  // Receiver (src/core/receiver): where it listens and how it guards itself.
  receiverPort: z.number().int().min(1).max(65535).default(7780),
  receiverListenAll: z.boolean().default(false),
  receiverHttps: z.boolean().default(false),
  receiverHttpsPort: z.number().int().min(1).max(65535).default(7781),
  receiverAutoCreateInboxes: z.boolean().default(false),
  receiverMaxConnections: z.number().int().min(1).max(100_000).default(1024),
  receiverHeadersTimeoutMs: z.number().int().min(1000).max(600_000).default(10_000),
  receiverRequestTimeoutMs: z.number().int().min(1000).max(3_600_000).default(60_000),
  receiverMaxHeaderBytes: z.number().int().min(1024).max(1_048_576).default(16_384),
  // Dispatcher (src/core/dispatcher): retry delays run this many times faster (demos, tests).
  dispatchTimeCompression: z.number().min(1).max(1000).default(1),
  // Disable an endpoint after this many consecutive failed deliveries; 0 never disables.
  dispatchDisableAfterFailures: z.number().int().min(0).max(10_000).default(5),
  // Delivery retention: the newest this many deliveries are kept (0 keeps all), and none older than
  // this many days (0 keeps all); finished ones beyond are deleted in the background, in small batches.
  deliveriesKeepCount: z.number().int().min(0).max(100_000_000).default(0),
  deliveriesKeepDays: z.number().int().min(0).max(3650).default(0),
  // Desktop host (src/main): an icon in the tray/menu bar; closing the window keeps Hookbench running.
  trayIcon: z.boolean().default(false),
});
export type Settings = z.infer<typeof Settings>;

type PatchShape<S extends Record<string, z.ZodType>> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer T extends z.ZodType> ? T : S[K]>;
};

/**
 * A partial update: only the given fields change; unknown fields are an error. Built from the
 * fields without their defaults: a plain `.partial()` would fill every absent field with its
 * default and so reset settings the user did not touch.
 */
export const SettingsPatch = z
  .object(
    Object.fromEntries(
      Object.entries(Settings.shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? v.unwrap() : v).optional()]),
    ) as PatchShape<typeof Settings.shape>,
  )
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const defaultSettings = (): Settings => Settings.parse({});
