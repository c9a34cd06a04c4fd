import { describe, expect, it } from 'vitest';
import { eventNames, methodNames } from '../../src/shared/contract';
import * as names from '../../src/shared/contract/names';

// The renderer and the preload build the API from the plain name lists (no zod on their start
// path); they must be exactly the contract's names, in the contract's order.
describe('contract names without the schemas', () => {
  it('lists every method of the contract, and nothing else', () => {
    expect([...names.methodNames]).toEqual(methodNames);
  });
  it('lists every event of the contract, and nothing else', () => {
    expect([...names.eventNames]).toEqual(eventNames);
  });
});
