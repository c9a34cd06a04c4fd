import type { z } from 'zod';
import { appEvents, appMethods } from './app';
import { catalogEvents, catalogMethods } from './catalog';
import type { MethodDef } from './define';
import { dispatcherEvents, dispatcherMethods } from './dispatcher';
import { monitoringEvents, monitoringMethods } from './monitoring';
import { receiverEvents, receiverMethods } from './receiver';
import { replayEvents, replayMethods } from './replay';
import { signingMethods } from './signing';

/**
 * The contract: every method both hosts serve and every event they push. Areas add their own
 * maps here; channel names, the preload API, the HTTP routes and the OpenAPI document all come
 * from these keys.
 */
export const methods = {
  ...appMethods,
  ...catalogMethods,
  ...dispatcherMethods,
  ...receiverMethods,
  ...signingMethods,
  ...monitoringMethods,
  ...replayMethods,
} satisfies Record<string, MethodDef>;

export const events = {
  ...appEvents,
  ...catalogEvents,
  ...dispatcherEvents,
  ...receiverEvents,
  ...monitoringEvents,
  ...replayEvents,
} satisfies Record<string, z.ZodType>;

export type Methods = typeof methods;
export type MethodName = keyof Methods & string;
export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
export type MethodParsedInput<K extends MethodName> = z.output<Methods[K]['input']>;
export type MethodOutput<K extends MethodName> = z.output<Methods[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events & string;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export const isMethodName = (name: string): name is MethodName => Object.prototype.hasOwnProperty.call(methods, name);
export const isEventName = (name: string): name is EventName => Object.prototype.hasOwnProperty.call(events, name);

export { Settings, SettingsPatch, defaultSettings } from './settings';
export { AppInfo } from './app';
