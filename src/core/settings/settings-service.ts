import { Settings, SettingsPatch } from '../../shared/contract/settings';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';

/** Settings live in the store, one row per key, and are read back through the schema's defaults. */
export class SettingsService {
  private cache: Settings;
  private listeners = new Set<(next: Settings, prev: Settings) => void>();
  private guards: ((next: Settings, prev: Settings) => Promise<void> | void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.cache = this.load();
  }

  private load(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const raw: Record<string, unknown> = {};
    for (const r of rows) {
      try {
        raw[r.key] = JSON.parse(r.value);
      } catch {
        // A damaged value falls back to its default.
      }
    }
    const known = Settings.safeParse(raw);
    if (known.success) return known.data;
    // Keep every value that is still valid on its own; drop the rest to defaults.
    const result: Record<string, unknown> = {};
    const shape = Settings.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    for (const [k, v] of Object.entries(raw)) if (shape[k]?.safeParse(v).success) result[k] = v;
    return Settings.parse(result);
  }

  get(): Settings {
    return this.cache;
  }

  /**
   * A guard runs before a change is stored and may refuse it by throwing (a receiver port that is
   * taken, say) or apply it to a running service; a refused change leaves everything as it was.
   */
  addGuard(guard: (next: Settings, prev: Settings) => Promise<void> | void): void {
    this.guards.push(guard);
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const clean = SettingsPatch.parse(patch);
    const next = Settings.parse({ ...this.cache, ...clean });
    for (const guard of this.guards) await guard(next, this.cache);
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    const now = this.clock.now();
    this.db.transaction(() => {
      for (const key of Object.keys(clean) as (keyof Settings)[]) upsert.run(key, JSON.stringify(next[key]), now);
    })();
    const prev = this.cache;
    this.cache = next;
    for (const l of this.listeners) l(next, prev);
    return next;
  }

  onChange(listener: (next: Settings, prev: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
