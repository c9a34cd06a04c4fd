import type { RequestDetail } from '../../../../../shared/receiver-requests';
import { CodeEditor } from '../../../components/CodeEditor';
import { CopyButton } from '../../../components/controls';
import { rawRequest } from '../request-format';

export function RawTab({ r }: { r: RequestDetail }) {
  const raw = rawRequest(r);
  return (
    <div className="body-tab">
      <div className="tab-toolbar">
        <span className="small muted">
          The request line, headers and body as they arrived
          {r.body.text === null && r.body.size > 0 ? ' (binary body summarized)' : ''}.
        </span>
        <span className="spacer" />
        <CopyButton text={raw} label="Copy raw request" />
      </div>
      <div className="code-fill">
        <CodeEditor value={raw} readOnly ariaLabel="Raw request" minHeight={120} />
      </div>
    </div>
  );
}
