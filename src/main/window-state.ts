import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The window's size, position and maximized state, remembered per display: each display
 * configuration (a display's id and bounds) keeps its own placement, and the last one used wins
 * when it is still attached. A placement is only restored where it is visible; after a monitor
 * is removed the window comes back on the primary display, sized to fit.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface DisplayLike {
  id: number;
  bounds: Rect;
  workArea: Rect;
}

const RectSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
});
const Placement = z.object({
  bounds: RectSchema,
  maximized: z.boolean(),
  fullScreen: z.boolean().default(false),
});
export type Placement = z.infer<typeof Placement>;
const StateFile = z.object({
  version: z.literal(1),
  last: z.string().max(200).nullable(),
  byDisplay: z.record(z.string().max(200), Placement),
});
export type WindowState = z.infer<typeof StateFile>;

export const emptyWindowState = (): WindowState => ({ version: 1, last: null, byDisplay: {} });

export const DEFAULT_SIZE = { width: 1320, height: 860 };
export const MIN_SIZE = { width: 960, height: 600 };
/** How much of the title bar must lie inside a work area for a saved position to count. */
const VISIBLE_TITLE = { width: 120, height: 40 };
const MAX_DISPLAYS_KEPT = 16;

export const displayKey = (d: DisplayLike): string =>
  `${d.id}@${d.bounds.x},${d.bounds.y},${d.bounds.width}x${d.bounds.height}`;

const intersectionArea = (a: Rect, b: Rect): number => {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
};

/** The display a window mostly lies on (Electron's screen.getDisplayMatching, without Electron). */
export function displayMatching(bounds: Rect, displays: DisplayLike[]): DisplayLike | undefined {
  let best: DisplayLike | undefined;
  let bestArea = 0;
  for (const d of displays) {
    const a = intersectionArea(bounds, d.bounds);
    if (a > bestArea) [best, bestArea] = [d, a];
  }
  return best;
}

/** Remember a placement for the display the window is on. */
export function recordPlacement(
  state: WindowState,
  placement: Placement,
  displays: DisplayLike[],
): WindowState {
  const d = displayMatching(placement.bounds, displays);
  if (!d) return state;
  const key = displayKey(d);
  const byDisplay = { ...state.byDisplay };
  delete byDisplay[key];
  byDisplay[key] = placement;
  const keys = Object.keys(byDisplay);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_DISPLAYS_KEPT))) delete byDisplay[k];
  return { version: 1, last: key, byDisplay };
}

const fitSize = (size: { width: number; height: number }, area: Rect) => ({
  width: Math.max(Math.min(size.width, area.width), Math.min(MIN_SIZE.width, area.width)),
  height: Math.max(Math.min(size.height, area.height), Math.min(MIN_SIZE.height, area.height)),
});

const centered = (size: { width: number; height: number }, area: Rect): Rect => {
  const s = fitSize(size, area);
  return {
    ...s,
    x: Math.round(area.x + (area.width - s.width) / 2),
    y: Math.round(area.y + (area.height - s.height) / 2),
  };
};

const titleVisible = (b: Rect, displays: DisplayLike[]): boolean => {
  const title: Rect = {
    x: b.x + Math.max(0, (b.width - VISIBLE_TITLE.width) / 2),
    y: b.y,
    width: Math.min(VISIBLE_TITLE.width, b.width),
    height: VISIBLE_TITLE.height,
  };
  return displays.some((d) => intersectionArea(title, d.workArea) >= (title.width * title.height) / 2);
};

/**
 * Where to open the window. Prefers the placement of the last display used, then any remembered
 * display still attached; a placement whose title bar is not visible (its monitor was removed or
 * moved) is recentred on the display it overlaps most, or the primary one.
 */
export function restorePlacement(
  state: WindowState,
  displays: DisplayLike[],
  primary: DisplayLike,
): Placement {
  const attached = new Map(displays.map((d) => [displayKey(d), d]));
  const candidates = [state.last, ...Object.keys(state.byDisplay).reverse()].filter(
    (k): k is string => !!k && attached.has(k),
  );
  const key = candidates[0];
  const saved = key ? state.byDisplay[key] : state.last ? state.byDisplay[state.last] : undefined;
  if (!saved)
    return { bounds: centered(DEFAULT_SIZE, primary.workArea), maximized: false, fullScreen: false };
  if (key && titleVisible(saved.bounds, displays)) {
    const d = attached.get(key)!;
    return { ...saved, bounds: { ...saved.bounds, ...fitSize(saved.bounds, d.workArea) } };
  }
  // Its display is gone (or it lies off every screen): keep the size and state, recentre it.
  const target = displayMatching(saved.bounds, displays) ?? primary;
  return { bounds: centered(saved.bounds, target.workArea), maximized: saved.maximized, fullScreen: false };
}

const MAX_FILE_BYTES = 64 * 1024;

/** Reads the state file; a missing, oversized or damaged file is an empty state, never an error. */
export function loadWindowState(file: string): WindowState {
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) return emptyWindowState();
    const parsed = StateFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : emptyWindowState();
  } catch {
    return emptyWindowState();
  }
}

/** Writes the state file atomically (temp file, then rename). */
export function saveWindowState(file: string, state: WindowState): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, file);
}
