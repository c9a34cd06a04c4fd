import type { CatalogEntry } from '../../../shared/catalog';
import { body, jsonEvent } from './define';

/** Seed 003: `timestamp` is when the event happened, ISO 8601 in UTC; GoMFT sends no event id. */
const identity = [body('timestamp', 'event.time', 'iso8601')];

/** GoMFT (seed 003): its two default JSON payloads, exactly as documented. */
export const gomftEvents: CatalogEntry[] = [
  jsonEvent(
    'gomft',
    'transfer_completed',
    'transfer',
    'A transfer finished successfully (GoMFT default payload).',
    {
      event_type: 'transfer_completed',
      timestamp: '2023-09-15T14:22:33Z',
      transfer: {
        id: 'transfer-123',
        name: 'Daily Backup',
        source: 'local-server',
        destination: 'cloud-storage',
        status: 'success',
        start_time: '2023-09-15T14:20:01Z',
        end_time: '2023-09-15T14:22:33Z',
        duration_seconds: 152,
        files_transferred: 258,
        total_size_bytes: 1073741824,
        transfer_rate_bytes_per_second: 7064091,
      },
      schedule: { id: 'schedule-456', name: 'Daily Backup Schedule' },
    },
    identity,
  ),
  jsonEvent(
    'gomft',
    'transfer_failed',
    'transfer',
    'A transfer failed; the payload adds the error code, message and details (GoMFT default payload).',
    {
      event_type: 'transfer_failed',
      timestamp: '2023-09-15T14:22:33Z',
      transfer: {
        id: 'transfer-123',
        name: 'Daily Backup',
        source: 'local-server',
        destination: 'cloud-storage',
        status: 'failed',
        start_time: '2023-09-15T14:20:01Z',
        end_time: '2023-09-15T14:22:33Z',
        duration_seconds: 152,
        error: {
          code: 'CONNECTION_ERROR',
          message: 'Failed to connect to destination: Connection timed out',
          details: 'TCP connection to cloud-storage:22 timed out after 60 seconds',
        },
      },
    },
    identity,
  ),
];
