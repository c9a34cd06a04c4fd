import type { CatalogEntry } from '../../../shared/catalog';
import { exavaultEvents } from './exavault';
import { gomftEvents } from './gomft';
import { mftplusTransferAgentEvents } from './mftplus';
import { mftplusJobSystemEvents } from './mftplus-jobs';
import { sftpToGoEvents } from './sftptogo';

/** Every builtin event, in catalog order (by source, then as each product documents them). */
export const builtinCatalog: readonly CatalogEntry[] = Object.freeze([
  ...sftpToGoEvents,
  ...mftplusTransferAgentEvents,
  ...mftplusJobSystemEvents,
  ...gomftEvents,
  ...exavaultEvents,
]);

const byTopic = new Map(builtinCatalog.map((e) => [e.topic, e]));

export const findBuiltin = (topic: string): CatalogEntry | undefined => byTopic.get(topic);
