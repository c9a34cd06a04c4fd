import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  collectionImportCall,
  collectionPathFromArgv,
  readCollectionFile,
} from '../../src/main/open-collection';
import { newRequestsIn, trayMenuModel, trayTooltip } from '../../src/main/tray-model';
import { isMethodName } from '../../src/shared/contract';
import type { ReceiverStatus } from '../../src/shared/receiver';

const running: ReceiverStatus = {
  running: true,
  paused: false,
  http: { host: '127.0.0.1', port: 7780, baseUrl: 'http://127.0.0.1:7780' },
  https: null,
  baseUrls: ['http://127.0.0.1:7780'],
  listenAll: false,
  autoCreateInboxes: false,
  certificateFingerprint: null,
  certificatePath: null,
  openConnections: 0,
  capturedSinceStart: 0,
  rejectedSinceStart: 0,
  error: null,
};

describe('tray', () => {
  it("shows the receiver's URL and state, counts new requests, and offers open and quit", () => {
    expect(trayMenuModel(running, 0).map((i) => i.label)).toEqual([
      'Receiving on http://127.0.0.1:7780',
      'No new requests',
      'Open Hookbench',
      'Pause Receiver',
      'Quit Hookbench',
    ]);
    const paused = trayMenuModel({ ...running, running: false, paused: true, http: null, baseUrls: [] }, 2);
    expect(paused.map((i) => i.label)).toEqual([
      'Receiver paused',
      '2 new requests',
      'Open Hookbench',
      'Resume Receiver',
      'Quit Hookbench',
    ]);
    expect(trayTooltip({ ...running, running: false, paused: true }, 0)).toBe('Hookbench: receiver paused');
    expect(trayMenuModel(running, 1)[1]!.label).toBe('1 new request');
    expect(trayMenuModel(running, 123_456)[1]!.label).toBe('9999+ new requests');
    const stopped = trayMenuModel(
      { ...running, running: false, http: null, baseUrls: [], error: 'Port 7780 is in use' },
      0,
    );
    expect(stopped[0]!.label).toBe('Receiver stopped: Port 7780 is in use');
    expect(trayMenuModel(null, 0)[0]!.label).toBe('Receiver: starting…');
    expect(
      trayMenuModel(running, 0)
        .filter((i) => i.enabled)
        .map((i) => i.id),
    ).toEqual(['open', 'pause', 'quit']);
    expect(
      trayMenuModel(null, 0)
        .filter((i) => i.enabled)
        .map((i) => i.id),
    ).toEqual(['open', 'quit']);
    expect(trayTooltip(running, 3)).toBe('Hookbench: receiving on http://127.0.0.1:7780 (3 new)');
    expect(newRequestsIn('requests.received', { items: [{}, {}] })).toBe(2);
    expect(newRequestsIn('requests.updated', { items: [{}] })).toBe(0);
    expect(newRequestsIn('requests.received', null)).toBe(0);
  });
});

describe('opening a collection file', () => {
  it('finds the collection on a command line (Windows/Linux file association)', () => {
    expect(
      collectionPathFromArgv(
        ['/opt/Hookbench/hookbench', '--no-sandbox', 'orders.hookbench.json'],
        '/home/u',
      ),
    ).toBe(path.resolve('/home/u', 'orders.hookbench.json'));
    expect(collectionPathFromArgv(['hookbench.exe', 'C:/x/A.HOOKBENCH.JSON'], '/')).toBe(
      path.resolve('/', 'C:/x/A.HOOKBENCH.JSON'),
    );
    expect(collectionPathFromArgv(['hookbench', '.', 'notes.json'], '/')).toBeNull();
    expect(collectionPathFromArgv(['hookbench.hookbench.json'], '/')).toBeNull(); // argv[0] is the app
  });

  it('reads only bounded, valid JSON collection files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-open-'));
    const good = path.join(dir, 'a.hookbench.json');
    fs.writeFileSync(good, '{"name":"Orders","items":[]}');
    const opened = await readCollectionFile(good);
    expect(opened).toEqual({
      path: good,
      fileName: 'a.hookbench.json',
      text: '{"name":"Orders","items":[]}',
    });
    const bad = path.join(dir, 'b.hookbench.json');
    fs.writeFileSync(bad, '{not json');
    await expect(readCollectionFile(bad)).rejects.toThrow();
    fs.writeFileSync(bad, Buffer.from([0x7b, 0xff, 0x7d]));
    await expect(readCollectionFile(bad)).rejects.toThrow();
    await expect(readCollectionFile(path.join(dir, 'x.json'))).rejects.toThrow(/\.hookbench\.json/);
    fs.mkdirSync(path.join(dir, 'dir.hookbench.json'));
    await expect(readCollectionFile(path.join(dir, 'dir.hookbench.json'))).rejects.toThrow(/not a file/);
    const big = path.join(dir, 'big.hookbench.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 21 * 1024 * 1024);
    await expect(readCollectionFile(big)).rejects.toThrow(/larger/);
    // The core imports it when the contract has collections.import; the window is told otherwise.
    const call = collectionImportCall(opened);
    expect(call === null).toBe(!isMethodName('collections.import'));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
