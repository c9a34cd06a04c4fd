import type { EventName, EventPayload } from '../shared/contract';

export type EventListener = (event: EventName, payload: unknown) => void;

/** The core's event stream. Hosts forward every event to their clients. */
export class EventBus {
  private listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of [...this.listeners]) {
      try {
        l(event, payload);
      } catch {
        // A failing listener (a closed window, a dropped SSE client) never stops the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}

/**
 * Collects high-volume items and hands them over at most every `intervalMs`, so a burst of
 * captured requests or delivery updates crosses to the renderer as a few batches.
 */
export function createBatcher<T>(intervalMs: number, flush: (items: T[]) => void) {
  let items: T[] = [];
  let timer: NodeJS.Timeout | null = null;
  const run = () => {
    timer = null;
    const batch = items;
    items = [];
    if (batch.length) flush(batch);
  };
  return {
    push(item: T) {
      items.push(item);
      if (!timer) timer = setTimeout(run, intervalMs);
    },
    flushNow: run,
    close() {
      if (timer) clearTimeout(timer);
      run();
    },
  };
}
