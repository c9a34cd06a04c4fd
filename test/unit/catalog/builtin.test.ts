import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CatalogEntry, SOURCE_LABELS } from '../../../src/shared/catalog';
import { builtinCatalog } from '../../../src/core/catalog';
import { validatePayload } from '../../../src/core/templates';

/** Every event the seed documents name, written out from the seeds (see /work/shared/seeds). */
const SEED_TOPICS = {
  // seed 000 (file.created, file.deleted, webhook.ping) and seed 001 (file.downloaded)
  sftptogo: ['file.created', 'file.deleted', 'file.downloaded', 'webhook.ping'],
  // seed 004, "Event Types": transfer, agent, job and system events
  mftplus: [
    'transfer.created',
    'transfer.progress',
    'transfer.completed',
    'transfer.failed',
    'transfer.cancelled',
    'agent.registered',
    'agent.connected',
    'agent.disconnected',
    'agent.certificate.expiring',
    'agent.certificate.expired',
    'job.started',
    'job.completed',
    'job.failed',
    'job.skipped',
    'system.health.degraded',
    'system.storage.warning',
    'system.error',
  ],
  // seed 003, default payloads
  gomft: ['transfer_completed', 'transfer_failed'],
} as const;
/** Seed 002 names one operation in its example; ExaVault's other resource triggers are added. */
const SEED_EXAVAULT_OPERATIONS = ['Upload'];

const byTopic = new Map(builtinCatalog.map((e) => [e.topic, e]));
const parsed = (topic: string) => JSON.parse(byTopic.get(topic)!.sample);

describe('builtin catalog', () => {
  it('has valid, unique, builtin entries', () => {
    expect(byTopic.size).toBe(builtinCatalog.length);
    for (const e of builtinCatalog) {
      expect(CatalogEntry.parse(e)).toEqual(e);
      expect(e.builtin).toBe(true);
      expect(e.sourceLabel).toBe(SOURCE_LABELS[e.source]);
      expect(e.source).not.toBe('custom');
      expect(e.topic).toMatch(/^[A-Za-z0-9_.:-]+$/);
      expect(e.description.length).toBeGreaterThan(5);
    }
  });

  it('has a sample that parses in its format, pretty printed, for every entry', () => {
    for (const e of builtinCatalog) {
      expect(validatePayload(e.sample, e.format), e.topic).toEqual({ ok: true });
      if (e.format === 'json') expect(e.sample).toBe(JSON.stringify(JSON.parse(e.sample), null, 2));
    }
  });

  it('has every event the seeds name, from the right source', () => {
    for (const [source, topics] of Object.entries(SEED_TOPICS)) {
      for (const t of topics) expect(byTopic.get(t)?.source, t).toBe(source);
    }
    const ops = builtinCatalog
      .filter((e) => e.source === 'exavault')
      .map((e) => JSON.parse(e.sample).operation);
    for (const op of SEED_EXAVAULT_OPERATIONS) expect(ops).toContain(op);
    expect(builtinCatalog.filter((e) => e.source === 'mftplus')).toHaveLength(SEED_TOPICS.mftplus.length);
    expect(builtinCatalog.filter((e) => e.source === 'sftptogo')).toHaveLength(4);
    expect(builtinCatalog.filter((e) => e.source === 'gomft')).toHaveLength(2);
  });

  it('uses each product envelope and groups', () => {
    for (const e of builtinCatalog) {
      const p = JSON.parse(e.sample);
      if (e.source === 'sftptogo') {
        expect(Object.keys(p).slice(0, 4), e.topic).toEqual(['Id', 'Topic', 'CreatedAt', 'UpdatedAt']);
        expect(p.Topic).toBe(e.topic);
        expect(p.Metadata.Event).toEqual({ Id: p.Id, Topic: e.topic });
      } else if (e.source === 'mftplus') {
        expect(Object.keys(p), e.topic).toEqual(['id', 'event', 'timestamp', 'data']);
        expect(p.event).toBe(e.topic);
        expect(p.id).toMatch(/^whevt_[0-9a-z]{16}$/);
        expect(new Date(p.timestamp).toISOString().replace('.000', '')).toBe(p.timestamp);
        expect(e.group).toBe(e.topic.split('.')[0]);
      } else if (e.source === 'gomft') {
        expect(p.event_type).toBe(e.topic);
        expect(e.group).toBe('transfer');
      } else {
        expect(Object.keys(p)).toEqual([
          'accountname',
          'username',
          'operation',
          'protocol',
          'path',
          'sourcepath',
          'attempt',
        ]);
      }
    }
    const ids = builtinCatalog.filter((e) => e.source === 'mftplus').map((e) => JSON.parse(e.sample).id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the seed example payloads exactly', () => {
    expect(parsed('webhook.ping')).toMatchObject({
      Id: '2e579289-4c4a-4085-9b43-74020865cdda',
      Resource: 'webhook',
      PreviousData: null,
      Data: { Topics: ['file.created', 'file.deleted'], State: 'paused', Alias: 'Test Webhook' },
    });
    expect(parsed('webhook.ping')).not.toHaveProperty('Actor');
    expect(parsed('file.deleted').Data).toEqual({ Path: 'dir/file1.txt', Size: null });
    expect(parsed('transfer.failed').data).toEqual({
      transferId: 'trf_2b3c4d5e6f',
      agentId: 'agent_1a2b3c4d',
      agentName: 'production-server-1',
      sourceUrl: 'sftp://ftp.example.com/files/data.csv',
      error: 'Authentication failed: Invalid credentials',
      errorCode: 'AUTH_FAILED',
      retryCount: 3,
      status: 'failed',
    });
    expect(parsed('transfer_failed').transfer.error.code).toBe('CONNECTION_ERROR');
    expect(parsed('transfer_failed')).not.toHaveProperty('schedule');
    expect(parsed('exavault.upload')).toEqual({
      accountname: 'omorgan',
      username: 'omorgan',
      operation: 'Upload',
      protocol: 'web',
      path: '/ExaVault Quick Start (8).pdf',
      sourcepath: '',
      attempt: 1,
    });
  });
});

// When the seed documents sit next to the repository (../shared/seeds), check every example
// payload they contain against the catalog, value for value.
const seedDir = fileURLToPath(new URL('../../../../shared/seeds/', import.meta.url));
const haveSeeds = fs.existsSync(seedDir);
const readSeed = (prefix: string) => {
  const name = fs.readdirSync(seedDir).find((f) => f.startsWith(prefix))!;
  return fs.readFileSync(seedDir + name, 'utf8');
};
/** Every balanced {...} that starts a line and parses as JSON. */
const jsonObjects = (text: string): Record<string, unknown>[] => {
  const found: Record<string, unknown>[] = [];
  for (let i = text.indexOf('\n{'); i !== -1; i = text.indexOf('\n{', i + 1)) {
    let depth = 0;
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}' && --depth === 0) {
        try {
          found.push(JSON.parse(text.slice(i + 1, j + 1)));
        } catch {
          // an abbreviated block ("// Event-specific data") or a template
        }
        break;
      }
    }
  }
  return found;
};

describe.skipIf(!haveSeeds)('builtin catalog against the seed documents', () => {
  it('SFTP To Go: the "Event Format" payloads of seed 000', () => {
    const text = readSeed('000');
    const formats = jsonObjects(text.slice(text.indexOf('### file.created Event Format')));
    expect(formats.map((p) => p.Topic)).toEqual(['file.created', 'file.deleted', 'webhook.ping']);
    for (const p of formats) expect(parsed(p.Topic as string)).toEqual(p);
  });

  it('MFTPlus: every example payload of seed 004, and every event of its tables', () => {
    const text = readSeed('004');
    const examples = jsonObjects(text).filter((p) => typeof p.event === 'string' && 'data' in p);
    expect(examples.length).toBe(5);
    for (const p of examples) expect(parsed(p.event as string)).toEqual(p);
    const tableEvents = [...text.matchAll(/^((?:transfer|agent|job|system)\.[a-z.]+) \|/gm)].map((m) => m[1]);
    expect(tableEvents).toEqual(SEED_TOPICS.mftplus);
  });

  it('GoMFT: the default payloads of seed 003', () => {
    const examples = jsonObjects(readSeed('003')).filter((p) => typeof p.event_type === 'string');
    expect(examples.map((p) => p.event_type)).toEqual(['transfer_completed', 'transfer_failed']);
    for (const p of examples) expect(parsed(p.event_type as string)).toEqual(p);
  });

  it('ExaVault: the raw output of seed 002', () => {
    const raw = /Raw Output\s+(\{.*\})/.exec(readSeed('002'))![1];
    expect(parsed('exavault.upload')).toEqual(JSON.parse(raw));
  });
});
