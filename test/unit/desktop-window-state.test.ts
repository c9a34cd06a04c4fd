import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  emptyWindowState,
  loadWindowState,
  recordPlacement,
  restorePlacement,
  saveWindowState,
  type DisplayLike,
} from '../../src/main/window-state';

const laptop: DisplayLike = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  workArea: { x: 0, y: 25, width: 1440, height: 875 },
};
const monitor: DisplayLike = {
  id: 2,
  bounds: { x: 1440, y: -300, width: 2560, height: 1440 },
  workArea: { x: 1440, y: -300, width: 2560, height: 1400 },
};
const visible = (b: { x: number; y: number; width: number; height: number }, d: DisplayLike) =>
  b.x >= d.workArea.x &&
  b.y >= d.workArea.y &&
  b.x + b.width <= d.workArea.x + d.workArea.width &&
  b.y + b.height <= d.workArea.y + d.workArea.height;

describe('window state', () => {
  it('opens centred at the default size the first time', () => {
    const p = restorePlacement(emptyWindowState(), [laptop], laptop);
    expect(p.bounds.width).toBe(Math.min(DEFAULT_SIZE.width, 1440));
    expect(p.maximized).toBe(false);
    expect(visible(p.bounds, laptop)).toBe(true);
  });

  it('remembers size, position and maximized per display, and the last display wins', () => {
    let s = emptyWindowState();
    s = recordPlacement(
      s,
      { bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: false, fullScreen: false },
      [laptop, monitor],
    );
    s = recordPlacement(
      s,
      { bounds: { x: 1600, y: -200, width: 1800, height: 1100 }, maximized: true, fullScreen: false },
      [laptop, monitor],
    );
    expect(Object.keys(s.byDisplay)).toHaveLength(2);
    expect(restorePlacement(s, [laptop, monitor], laptop)).toEqual({
      bounds: { x: 1600, y: -200, width: 1800, height: 1100 },
      maximized: true,
      fullScreen: false,
    });
    // Back on the laptop alone (a different configuration): the laptop's own placement.
    const docked = recordPlacement(
      s,
      { bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: false, fullScreen: false },
      [laptop, monitor],
    );
    expect(restorePlacement(docked, [laptop, monitor], laptop).bounds).toEqual({
      x: 100,
      y: 80,
      width: 1000,
      height: 700,
    });
  });

  it('brings the window back inside a visible display after its monitor is removed', () => {
    const s = recordPlacement(
      emptyWindowState(),
      { bounds: { x: 2000, y: 0, width: 2200, height: 1300 }, maximized: true, fullScreen: true },
      [laptop, monitor],
    );
    const p = restorePlacement(s, [laptop], laptop);
    expect(visible(p.bounds, laptop)).toBe(true);
    expect(p.bounds.width).toBeLessThanOrEqual(laptop.workArea.width);
    expect(p.bounds.height).toBeLessThanOrEqual(laptop.workArea.height);
    expect(p.maximized).toBe(true);
    expect(p.fullScreen).toBe(false);
  });

  it('recentres a window whose title bar is off every screen', () => {
    const s = recordPlacement(
      emptyWindowState(),
      { bounds: { x: 1300, y: 850, width: 1000, height: 700 }, maximized: false, fullScreen: false },
      [laptop],
    );
    const p = restorePlacement(s, [laptop], laptop);
    expect(visible(p.bounds, laptop)).toBe(true);
    expect(p.bounds.width).toBe(1000);
  });

  it('keeps a bounded number of displays and survives a damaged file', () => {
    let s = emptyWindowState();
    for (let i = 0; i < 40; i++) {
      const d: DisplayLike = {
        id: i,
        bounds: { x: i * 2000, y: 0, width: 1920, height: 1080 },
        workArea: { x: i * 2000, y: 0, width: 1920, height: 1040 },
      };
      s = recordPlacement(
        s,
        {
          bounds: { x: i * 2000 + 10, y: 10, width: 1000, height: 700 },
          maximized: false,
          fullScreen: false,
        },
        [d],
      );
    }
    expect(Object.keys(s.byDisplay).length).toBeLessThanOrEqual(16);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-ws-'));
    const file = path.join(dir, 'window-state.json');
    saveWindowState(file, s);
    expect(loadWindowState(file)).toEqual(s);
    for (const bad of [
      '{',
      '{"version":2}',
      JSON.stringify({ version: 1, last: null, byDisplay: { a: { bounds: { x: 'x' } } } }),
      'x'.repeat(70_000),
    ]) {
      fs.writeFileSync(file, bad);
      expect(loadWindowState(file)).toEqual(emptyWindowState());
    }
    expect(loadWindowState(path.join(dir, 'missing.json'))).toEqual(emptyWindowState());
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
