import fs from 'node:fs/promises';
import path from 'node:path';
import { isMethodName } from '../shared/contract';

/**
 * Opening a `.hookbench.json` collection from the file manager (file association): macOS sends
 * `open-file`, Windows and Linux start the app (or a second instance) with the path in argv.
 */
export const COLLECTION_SUFFIX = '.hookbench.json';
export const MAX_COLLECTION_BYTES = 20 * 1024 * 1024;

/** The collection file named on a command line, if any (flags and the app's own path are skipped). */
export function collectionPathFromArgv(argv: readonly string[], cwd: string): string | null {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    if (arg.toLowerCase().endsWith(COLLECTION_SUFFIX)) return path.resolve(cwd, arg);
  }
  return null;
}

export interface OpenedCollection {
  path: string;
  fileName: string;
  text: string;
}

/** Reads an opened collection: a regular file, bounded in size, valid UTF-8 JSON. */
export async function readCollectionFile(file: string): Promise<OpenedCollection> {
  if (!file.toLowerCase().endsWith(COLLECTION_SUFFIX))
    throw new Error(`Only ${COLLECTION_SUFFIX} files can be opened.`);
  const stat = await fs.stat(file);
  if (!stat.isFile()) throw new Error('That is not a file.');
  if (stat.size > MAX_COLLECTION_BYTES)
    throw new Error(`The file is larger than ${MAX_COLLECTION_BYTES / 1024 / 1024} MB.`);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(await fs.readFile(file));
  JSON.parse(text); // a clear error now rather than a vague one from the import
  return { path: file, fileName: path.basename(file), text };
}

/**
 * What to do with an opened collection: the core imports it (`collections.import`, the JSON text
 * and the file's name) and the window is told with `app.fileOpened`, which opens Replay runs. A
 * core without that method (an older contract) only tells the window.
 */
export function collectionImportCall(
  opened: OpenedCollection,
): { method: string; input: { content: string; name: string } } | null {
  if (!isMethodName('collections.import')) return null;
  const name = opened.fileName.slice(0, -COLLECTION_SUFFIX.length) || opened.fileName;
  return { method: 'collections.import', input: { content: opened.text, name: name.slice(0, 200) } };
}
