import type { CatalogEntry } from '../../../shared/catalog';
import { body, jsonEvent } from './define';

/**
 * ExaVault (seed 002): one flat payload per file operation. "Upload" is the seed's example,
 * field for field. The seed names no other operation; the rest are ExaVault's webhook resource
 * triggers (download, delete, create folder, rename, move, copy, compress, extract) in the same
 * payload shape, with `sourcepath` set where the operation has a source.
 */

const op = (
  slug: string,
  operation: string,
  description: string,
  path: string,
  sourcepath = '',
  protocol = 'web',
): CatalogEntry =>
  jsonEvent(
    'exavault',
    `exavault.${slug}`,
    'file',
    `${description} (operation "${operation}").`,
    {
      accountname: 'omorgan',
      username: 'omorgan',
      operation,
      protocol,
      path,
      sourcepath,
      attempt: 1,
    },
    // Seed 002: `attempt` counts how many times this request has been sent (1, 2, …).
    [body('attempt', 'attempt.number', 'integer')],
  );

export const exavaultEvents: CatalogEntry[] = [
  op('upload', 'Upload', 'A file was uploaded', '/ExaVault Quick Start (8).pdf'),
  op('download', 'Download', 'A file was downloaded', '/ExaVault Quick Start (8).pdf'),
  op('delete', 'Delete', 'A file or folder was deleted', '/ExaVault Quick Start (8).pdf'),
  op('create_folder', 'Create Folder', 'A folder was created', '/Reports/2026', '', 'ftp'),
  op(
    'rename',
    'Rename',
    'A file or folder was renamed',
    '/Quick Start Guide.pdf',
    '/ExaVault Quick Start (8).pdf',
  ),
  op(
    'move',
    'Move',
    'A file or folder was moved',
    '/Archive/ExaVault Quick Start (8).pdf',
    '/ExaVault Quick Start (8).pdf',
  ),
  op(
    'copy',
    'Copy',
    'A file or folder was copied',
    '/Shared/ExaVault Quick Start (8).pdf',
    '/ExaVault Quick Start (8).pdf',
  ),
  op(
    'compress',
    'Compress',
    'Files were compressed into an archive',
    '/Archive/reports.zip',
    '/Reports/2026',
  ),
  op('extract', 'Extract', 'Files were extracted from an archive', '/Reports/2026', '/Archive/reports.zip'),
];
