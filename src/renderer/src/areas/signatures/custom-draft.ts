import type { CustomSchemeInput } from '../../../../shared/signing';
import type { CustomDraft } from '../../store/signatures-slice';

/** The form's custom settings as the API takes them (empty optional headers left out). */
export function customForApi(draft: CustomDraft): CustomSchemeInput {
  const { idHeader, timestampHeader, ...rest } = draft;
  return {
    ...rest,
    ...(idHeader.trim() ? { idHeader: idHeader.trim() } : {}),
    ...(timestampHeader.trim() ? { timestampHeader: timestampHeader.trim() } : {}),
  };
}
