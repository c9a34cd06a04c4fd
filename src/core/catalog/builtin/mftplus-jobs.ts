import type { CatalogEntry } from '../../../shared/catalog';
import { mftplusEvent } from './mftplus';

/** MFTPlus (seed 004) job.* and system.* events; job.completed is the seed's example payload. */

const job = {
  jobId: 'job_1a2b3c4d',
  jobName: 'Daily Backup',
  agentId: 'agent_1a2b3c4d',
  schedule: '0 2 * * *',
};

export const mftplusJobSystemEvents: CatalogEntry[] = [
  mftplusEvent(
    'job.started',
    'Scheduled job started',
    'job execution begins',
    'whevt_4t5u6v7w8x9y0z1a',
    '2026-04-29T15:28:40Z',
    {
      ...job,
      transfersTotal: 5,
      status: 'running',
    },
  ),
  mftplusEvent(
    'job.completed',
    'Job completed successfully',
    'all transfers in job finish',
    'whevt_5e6f7g8h9i0j1k2l',
    '2026-04-29T15:34:00Z',
    {
      ...job,
      transfersTotal: 5,
      transfersCompleted: 5,
      transfersFailed: 0,
      duration: 320,
      status: 'completed',
    },
  ),
  mftplusEvent(
    'job.failed',
    'Job failed',
    'one or more transfers fail',
    'whevt_3s4t5u6v7w8x9y0z',
    '2026-04-29T15:35:00Z',
    {
      ...job,
      transfersTotal: 5,
      transfersCompleted: 3,
      transfersFailed: 2,
      duration: 298,
      error: '2 of 5 transfers failed',
      status: 'failed',
    },
  ),
  mftplusEvent(
    'job.skipped',
    'Job skipped',
    'schedule conditions not met',
    'whevt_2r3s4t5u6v7w8x9y',
    '2026-04-29T15:36:30Z',
    {
      ...job,
      reason: 'Schedule conditions not met: the previous run is still in progress',
      status: 'skipped',
    },
  ),
  mftplusEvent(
    'system.health.degraded',
    'System performance degraded',
    'resource thresholds exceeded',
    'whevt_1q2r3s4t5u6v7w8x',
    '2026-04-29T15:37:00Z',
    {
      hostname: 'mftplus.example.com',
      metric: 'cpu',
      value: 93.5,
      threshold: 90,
      unit: 'percent',
      status: 'degraded',
    },
  ),
  mftplusEvent(
    'system.storage.warning',
    'Storage capacity warning',
    'disk usage above 80%',
    'whevt_0p1q2r3s4t5u6v7w',
    '2026-04-29T15:38:00Z',
    {
      hostname: 'mftplus.example.com',
      path: '/var/lib/mftplus',
      totalBytes: 107374182400,
      usedBytes: 90194313216,
      usagePercent: 84,
      threshold: 80,
      status: 'warning',
    },
  ),
  mftplusEvent(
    'system.error',
    'System error occurred',
    'unexpected system failure',
    'whevt_9o0p1q2r3s4t5u6v',
    '2026-04-29T15:39:00Z',
    {
      hostname: 'mftplus.example.com',
      component: 'scheduler',
      error: 'Database connection lost: connection reset by peer',
      errorCode: 'SYSTEM_ERROR',
      status: 'error',
    },
  ),
];
