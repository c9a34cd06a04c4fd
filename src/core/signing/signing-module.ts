import type { CoreContext, CoreModule } from '../context';
import { createSigningService } from './service';

/** The Signature lab's methods, served by the core like every other area. */
export function createSigningModule(ctx: CoreContext): CoreModule {
  return { handlers: createSigningService({ clock: ctx.clock }) };
}
