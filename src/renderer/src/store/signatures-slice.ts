import type { StateCreator } from 'zustand';
import type { CustomScheme, SchemeId } from '../../../shared/signing';
import type { StoreState } from '.';

export type LabMode = 'verify' | 'sign';
export type BodyLanguage = 'json' | 'xml' | 'text';

/** The custom scheme's settings as the form edits them (all fields present). */
export type CustomDraft = Required<Omit<CustomScheme, 'idHeader' | 'timestampHeader'>> & {
  idHeader: string;
  timestampHeader: string;
};

export const DEFAULT_CUSTOM: CustomDraft = {
  header: 'X-Signature',
  prefix: 'sha256=',
  algorithm: 'sha256',
  encoding: 'hex',
  template: '{body}',
  idHeader: '',
  timestampHeader: '',
};

/** A stored custom scheme as the form edits it. */
export const draftFromCustom = (c: CustomScheme): CustomDraft => ({
  ...DEFAULT_CUSTOM,
  ...c,
  idHeader: c.idHeader ?? '',
  timestampHeader: c.timestampHeader ?? '',
});

export interface VerifyDraft {
  body: string;
  /** 'base64' when the body holds bytes that are not UTF-8 (kept exact, shown read-only). */
  bodyEncoding: 'utf8' | 'base64';
  /** The body came from elsewhere byte for byte (CR, binary): it stays exact until the user edits it. */
  bodyLocked: boolean;
  language: BodyLanguage;
  /** A raw header block, "Name: value" per line. */
  headers: string;
  scheme: SchemeId;
  custom: CustomDraft;
  secrets: string[];
  toleranceSeconds: number;
  /** Unix seconds to verify at (e.g. when the request was received); null = now. */
  at: number | null;
}

export interface SignDraft {
  body: string;
  language: BodyLanguage;
  scheme: SchemeId;
  custom: CustomDraft;
  secret: string;
  id: string;
  /** Unix seconds. */
  timestamp: number;
  url: string;
}

/** What another area hands to the lab (see areas/signatures/open-in-lab.ts). */
export interface LabDraftIn {
  body: string;
  bodyEncoding?: 'utf8' | 'base64';
  headers: string;
  scheme?: SchemeId;
  at?: number | null;
  secrets?: string[];
  custom?: CustomScheme;
  toleranceSeconds?: number;
}

export interface SignaturesSlice {
  labMode: LabMode;
  verifyDraft: VerifyDraft;
  signDraft: SignDraft;
  setLabMode(mode: LabMode): void;
  updateVerifyDraft(patch: Partial<VerifyDraft>): void;
  updateSignDraft(patch: Partial<SignDraft>): void;
  /** A request was handed to the lab from elsewhere: it replaces the Verify draft's body and headers. */
  labDraftOpened(draft: LabDraftIn): void;
}

export const newMessageId = (): string => `msg_${crypto.randomUUID().replace(/-/g, '')}`;
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export const guessLanguage = (body: string): BodyLanguage => {
  const t = body.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return 'json';
  if (t.startsWith('<')) return 'xml';
  return 'text';
};

const initialVerify: VerifyDraft = {
  body: '',
  bodyEncoding: 'utf8',
  bodyLocked: false,
  language: 'json',
  headers: '',
  scheme: 'github',
  custom: DEFAULT_CUSTOM,
  secrets: [''],
  toleranceSeconds: 300,
  at: null,
};

export const createSignaturesSlice: StateCreator<StoreState, [], [], SignaturesSlice> = (set) => ({
  labMode:
    typeof window !== 'undefined' && /^#\/signatures\/sign\b/.test(window.location.hash) ? 'sign' : 'verify',
  verifyDraft: initialVerify,
  signDraft: {
    body: '',
    language: 'json',
    scheme: 'github',
    custom: DEFAULT_CUSTOM,
    secret: '',
    id: typeof crypto !== 'undefined' && 'randomUUID' in crypto ? newMessageId() : 'msg_1',
    timestamp: nowSeconds(),
    url: 'http://127.0.0.1:7780/default',
  },
  setLabMode(labMode) {
    set({ labMode });
  },
  updateVerifyDraft(patch) {
    set((s) => ({ verifyDraft: { ...s.verifyDraft, ...patch } }));
  },
  updateSignDraft(patch) {
    set((s) => ({ signDraft: { ...s.signDraft, ...patch } }));
  },
  labDraftOpened(draft) {
    const encoding = draft.bodyEncoding ?? 'utf8';
    set((s) => ({
      labMode: 'verify',
      verifyDraft: {
        ...s.verifyDraft,
        body: draft.body,
        bodyEncoding: encoding,
        bodyLocked: encoding === 'base64' || draft.body.includes('\r'),
        language: encoding === 'base64' ? 'text' : guessLanguage(draft.body),
        headers: draft.headers,
        scheme: draft.scheme ?? s.verifyDraft.scheme,
        at: draft.at ?? null,
        ...(draft.secrets?.length ? { secrets: [...draft.secrets] } : {}),
        ...(draft.custom ? { custom: draftFromCustom(draft.custom) } : {}),
        ...(draft.toleranceSeconds !== undefined ? { toleranceSeconds: draft.toleranceSeconds } : {}),
      },
    }));
  },
});
