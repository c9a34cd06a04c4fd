import { dispatcherMethods } from '../../shared/contract/dispatcher';
import { HookbenchError } from '../../shared/errors';
import type { CoreContext, CoreModule } from '../context';
import type { Handlers } from '../invoke';

/** The dispatcher: endpoints, sending, the delivery engine. (Being built: methods answer "unavailable".) */
export function createDispatcherModule(_ctx: CoreContext): CoreModule {
  const handlers: Partial<Handlers> = {};
  for (const name of Object.keys(dispatcherMethods) as (keyof typeof dispatcherMethods)[]) {
    (handlers as Record<string, () => never>)[name] = () => {
      throw new HookbenchError('unavailable', `${name} is not available yet in this build.`);
    };
  }
  return { handlers };
}
