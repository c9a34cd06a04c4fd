import { beforeEach, describe, expect, it } from 'vitest';
import { useRequestSelection } from '../../../src/renderer/src/areas/inbox/request-selection';

const loaded = [9, 8, 7, 6, 5, 4];
const ticked = () => [...useRequestSelection.getState().checked].sort((a, b) => b - a);

describe('inbox request multi-select', () => {
  beforeEach(() => useRequestSelection.getState().set([]));

  it('ticks one row, then a Shift range from it (either direction), and unticks a range', () => {
    const s = useRequestSelection.getState();
    s.tick(8, true, false, loaded);
    expect(ticked()).toEqual([8]);
    useRequestSelection.getState().tick(5, true, true, loaded);
    expect(ticked()).toEqual([8, 7, 6, 5]);
    useRequestSelection.getState().tick(9, true, true, loaded);
    expect(ticked()).toEqual([9, 8, 7, 6, 5]);
    useRequestSelection.getState().tick(7, false, true, loaded);
    expect(ticked()).toEqual([6, 5]);
  });

  it('a Shift range without an anchor ticks one row; "all matching" turns into the loaded rows when one is unticked', () => {
    useRequestSelection.getState().tick(6, true, true, loaded);
    expect(ticked()).toEqual([6]);
    useRequestSelection.getState().set([], true);
    expect(useRequestSelection.getState().allMatching).toBe(true);
    useRequestSelection.getState().tick(4, false, false, loaded);
    expect(useRequestSelection.getState().allMatching).toBe(false);
    expect(ticked()).toEqual([9, 8, 7, 6, 5]);
  });

  it('lets go of ticks whose rows are no longer loaded, and clears', () => {
    useRequestSelection.getState().set([9, 5, 4]);
    useRequestSelection.getState().keepOnly([9, 8, 4]);
    expect(ticked()).toEqual([9, 4]);
    useRequestSelection.getState().clear();
    expect(ticked()).toEqual([]);
  });
});
