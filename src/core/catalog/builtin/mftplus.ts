import type { CatalogEntry } from '../../../shared/catalog';
import { body, header, jsonEvent } from './define';

/**
 * Seed 004: `id` (whevt_…) identifies the event (consumers deduplicate by it), `timestamp` is when
 * it happened (ISO 8601); X-Webhook-ID is the delivery's id and X-Webhook-Timestamp the Unix time of
 * the attempt. The mftplus signing scheme sends both headers itself; other schemes get them from here.
 */
const identity = [
  body('id', 'event.id', 'whevt'),
  body('timestamp', 'event.time', 'iso8601'),
  header('X-Webhook-ID', 'delivery.id', 'hookbench'),
  header('X-Webhook-Timestamp', 'attempt.time', 'epoch-s'),
];

/**
 * MFTPlus (seed 004): every event of its catalog in its envelope { id, event, timestamp, data }.
 * transfer.completed, transfer.failed, agent.disconnected, agent.certificate.expiring and
 * job.completed are the seed's example payloads; the others are derived from them (same ids,
 * agent and field names) for the event's trigger.
 */

/** One MFTPlus event: the seed's description and trigger, and the payload in its envelope. */
export const mftplusEvent = (
  event: string,
  description: string,
  trigger: string,
  id: string,
  timestamp: string,
  data: Record<string, unknown>,
): CatalogEntry =>
  jsonEvent(
    'mftplus',
    event,
    event.split('.')[0],
    `${description}. Sent when: ${trigger}.`,
    {
      id,
      event,
      timestamp,
      data,
    },
    identity,
  );

const agent = { agentId: 'agent_1a2b3c4d', agentName: 'production-server-1' };

export const mftplusTransferAgentEvents: CatalogEntry[] = [
  mftplusEvent(
    'transfer.created',
    'A new transfer was initiated',
    'transfer job starts',
    'whevt_0z1a2b3c4d5e6f7g',
    '2026-04-29T15:29:15Z',
    {
      transferId: 'trf_1a2b3c4d5e6f',
      ...agent,
      sourceUrl: 'sftp://ftp.example.com/files/data.csv',
      destinationPath: '/local/data.csv',
      direction: 'pull',
      protocol: 'sftp',
      size: 1048576,
      status: 'pending',
    },
  ),
  mftplusEvent(
    'transfer.progress',
    'Transfer progress update',
    'every 10% progress',
    'whevt_9y0z1a2b3c4d5e6f',
    '2026-04-29T15:29:38Z',
    {
      transferId: 'trf_1a2b3c4d5e6f',
      ...agent,
      sourceUrl: 'sftp://ftp.example.com/files/data.csv',
      destinationPath: '/local/data.csv',
      direction: 'pull',
      protocol: 'sftp',
      size: 1048576,
      bytesTransferred: 524288,
      progress: 50,
      speed: 23303,
      status: 'in_progress',
    },
  ),
  mftplusEvent(
    'transfer.completed',
    'Transfer completed successfully',
    'file transfer finishes',
    'whevt_1a2b3c4d5e6f7g8h',
    '2026-04-29T15:30:00Z',
    {
      transferId: 'trf_1a2b3c4d5e6f',
      ...agent,
      sourceUrl: 'sftp://ftp.example.com/files/data.csv',
      destinationPath: '/local/data.csv',
      direction: 'pull',
      protocol: 'sftp',
      size: 1048576,
      bytesTransferred: 1048576,
      duration: 45,
      speed: 23303,
      status: 'completed',
    },
  ),
  mftplusEvent(
    'transfer.failed',
    'Transfer failed',
    'error during transfer',
    'whevt_2b3c4d5e6f7g8h9i',
    '2026-04-29T15:31:00Z',
    {
      transferId: 'trf_2b3c4d5e6f',
      ...agent,
      sourceUrl: 'sftp://ftp.example.com/files/data.csv',
      error: 'Authentication failed: Invalid credentials',
      errorCode: 'AUTH_FAILED',
      retryCount: 3,
      status: 'failed',
    },
  ),
  mftplusEvent(
    'transfer.cancelled',
    'Transfer was cancelled',
    'manual or automatic cancellation',
    'whevt_8x9y0z1a2b3c4d5e',
    '2026-04-29T15:31:30Z',
    {
      transferId: 'trf_3c4d5e6f7g',
      ...agent,
      sourceUrl: 'sftp://ftp.example.com/files/archive.zip',
      destinationPath: '/local/archive.zip',
      direction: 'pull',
      protocol: 'sftp',
      size: 52428800,
      bytesTransferred: 15728640,
      reason: 'Cancelled by user',
      status: 'cancelled',
    },
  ),
  mftplusEvent(
    'agent.registered',
    'New agent registered',
    'agent joins deployment',
    'whevt_7w8x9y0z1a2b3c4d',
    '2026-04-29T15:25:00Z',
    {
      agentId: 'agent_2b3c4d5e',
      agentName: 'production-server-2',
      hostname: 'server2.example.com',
      certificateId: 'cert_2b3c4d5e',
      status: 'online',
    },
  ),
  mftplusEvent(
    'agent.connected',
    'Agent came online',
    'agent connects after offline',
    'whevt_6v7w8x9y0z1a2b3c',
    '2026-04-29T15:36:00Z',
    {
      ...agent,
      hostname: 'server1.example.com',
      lastSeen: '2026-04-29T15:36:00Z',
      status: 'online',
    },
  ),
  mftplusEvent(
    'agent.disconnected',
    'Agent went offline',
    'agent loses connection',
    'whevt_3c4d5e6f7g8h9i0j',
    '2026-04-29T15:32:00Z',
    {
      ...agent,
      hostname: 'server1.example.com',
      lastSeen: '2026-04-29T15:30:00Z',
      status: 'offline',
    },
  ),
  mftplusEvent(
    'agent.certificate.expiring',
    'Certificate expiring soon',
    '30 days before expiration',
    'whevt_4d5e6f7g8h9i0j1k',
    '2026-04-29T15:33:00Z',
    { ...agent, certificateId: 'cert_1a2b3c4d', expiresAt: '2026-05-29T00:00:00Z', daysRemaining: 30 },
  ),
  mftplusEvent(
    'agent.certificate.expired',
    'Certificate expired',
    'certificate no longer valid',
    'whevt_5u6v7w8x9y0z1a2b',
    '2026-05-29T00:00:05Z',
    { ...agent, certificateId: 'cert_1a2b3c4d', expiresAt: '2026-05-29T00:00:00Z', daysRemaining: 0 },
  ),
];
