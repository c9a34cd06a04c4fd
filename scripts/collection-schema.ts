/**
 * Writes docs/collection.schema.json from the zod schema of the collection file format.
 * Run with `npx tsx scripts/collection-schema.ts`; test/unit/replay/collection-schema.test.ts checks it is in sync.
 */
import fs from 'node:fs';
import path from 'node:path';
import { collectionJsonSchema } from '../src/core/replay/collection-io';

const file = path.join(import.meta.dirname, '..', 'docs', 'collection.schema.json');
fs.writeFileSync(file, `${JSON.stringify(collectionJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
