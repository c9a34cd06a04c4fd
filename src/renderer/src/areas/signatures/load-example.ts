import type { SchemeId } from '../../../../shared/signing';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { newMessageId, nowSeconds, type LabMode } from '../../store/signatures-slice';
import { CONTENT_TYPES } from './curl';
import { customForApi } from './custom-draft';
import { EXAMPLES } from './examples';
import { signing } from './signing-client';

/**
 * Fills the current mode with the scheme's example. In Verify mode the example is signed now by
 * the backend, so the verdict is valid (and within the timestamp tolerance) right away.
 */
export async function loadExample(scheme: SchemeId, mode: LabMode): Promise<void> {
  const ex = EXAMPLES[scheme];
  const s = useStore.getState();
  const custom = ex.custom ?? (mode === 'sign' ? s.signDraft.custom : s.verifyDraft.custom);
  if (mode === 'sign') {
    s.updateSignDraft({
      body: ex.body,
      language: ex.language,
      scheme,
      custom,
      secret: ex.secret,
      id: newMessageId(),
      timestamp: nowSeconds(),
    });
    return;
  }
  try {
    const signed = await signing.sign({
      scheme,
      secrets: [ex.secret],
      body: ex.body,
      ...(scheme === 'custom' ? { custom: customForApi(custom) } : {}),
    });
    const headers: [string, string][] = [
      ['Content-Type', CONTENT_TYPES[ex.language]],
      ...ex.headers,
      ...signed.headers,
    ];
    useStore.getState().updateVerifyDraft({
      body: ex.body,
      bodyEncoding: 'utf8',
      bodyLocked: false,
      language: ex.language,
      headers: headers.map(([n, v]) => `${n}: ${v}`).join('\n'),
      scheme,
      custom,
      secrets: [ex.secret],
      at: null,
    });
  } catch (err) {
    s.notify('error', `Could not load the example: ${errorMessage(err)}`);
  }
}
