import { ApiError } from './api-error';
import { getToken, hostKind } from './api';

/** Offers a Blob as a file download (works in Electron and in the browser); its URL lives `keepMs`. */
function saveBlob(filename: string, blob: Blob, keepMs: number): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), keepMs);
}

/** Offers bytes as a file download (the "Save body" action). */
export function downloadBytes(filename: string, mimeType: string, bytes: Uint8Array): void {
  saveBlob(filename, new Blob([bytes as BlobPart], { type: mimeType }), 10_000);
}

/** Offers text as a file download (works in Electron and in the browser). */
export function downloadText(filename: string, mimeType: string, content: string): void {
  saveBlob(filename, new Blob([content], { type: mimeType }), 10_000);
}

/** The headless host streams whole bodies and exports (GET /api/requests/<id>/body, POST /api/requests.export/file). */
export const hostStreamsDownloads = hostKind === 'browser';

/**
 * Downloads a file the headless host streams, with the API token. The server never builds it in
 * memory; the browser keeps it as a Blob (spilled to disk when large) until it is saved.
 */
export async function downloadFromHost(
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<{ filename: string; count: number | null }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${getToken() ?? ''}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
  } catch (err) {
    throw new ApiError({ code: 'network', message: `Hookbench did not answer (${(err as Error).message}).` });
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: ConstructorParameters<typeof ApiError>[0];
    } | null;
    throw new ApiError(
      body?.error ?? { code: 'network', message: `The download failed (HTTP ${res.status}).` },
    );
  }
  const filename =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download.bin';
  const count = res.headers.get('x-hookbench-count');
  saveBlob(filename, await res.blob(), 60_000);
  return { filename, count: count === null ? null : Number(count) };
}

/** A request's whole body as received, from the headless host's stream (GET /api/requests/<id>/body). */
export async function fetchWholeBody(id: number): Promise<Uint8Array> {
  const res = await fetch(`/api/requests/${id}/body`, {
    headers: { authorization: `Bearer ${getToken() ?? ''}` },
  }).catch((err: Error) => {
    throw new ApiError({ code: 'network', message: `Hookbench did not answer (${err.message}).` });
  });
  if (!res.ok) throw new ApiError({ code: 'network', message: `The body could not be read (HTTP ${res.status}).` });
  return new Uint8Array(await res.arrayBuffer());
}
