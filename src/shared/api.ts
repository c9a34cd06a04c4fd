import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './contract';
import type { Envelope } from './errors';

type Domains = MethodName extends infer K ? (K extends `${infer D}.${string}` ? D : never) : never;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type ArgsFor<K extends MethodName> = {} extends MethodInput<K> ? [input?: MethodInput<K>] : [input: MethodInput<K>];

/** What the preload exposes as `window.api`: one function per contract method, grouped by domain. */
export type RawApi = {
  [D in Domains]: {
    [K in MethodName as K extends `${D}.${infer V}` ? V : never]: (
      ...args: ArgsFor<K>
    ) => Promise<Envelope<MethodOutput<K>>>;
  };
} & {
  /** Subscribe to one pushed event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** The renderer's API: the same shape, but results are unwrapped and failures throw ApiError. */
export type Api = {
  [D in Domains]: {
    [K in MethodName as K extends `${D}.${infer V}` ? V : never]: (...args: ArgsFor<K>) => Promise<MethodOutput<K>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** A transport moves one call or one event; both hosts' clients implement it. */
export interface Transport {
  invoke(method: MethodName, input: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

export const splitMethod = (name: string): [string, string] => {
  const i = name.indexOf('.');
  return [name.slice(0, i), name.slice(i + 1)];
};

/** The one IPC channel the Electron host pushes contract events on. */
export const EVENT_CHANNEL = 'hookbench:event';
