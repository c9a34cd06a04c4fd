import { useState, type ReactNode } from 'react';
import { DropdownMenu } from 'radix-ui';
import { Download } from 'lucide-react';
import type { MethodInput } from '../../../shared/contract';
import { api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import { downloadText } from '../lib/download';
import { useStore } from '../store';

/**
 * A select bar's bulk jobs: `run(job, failure)` marks the bar busy, then toasts what the job
 * returns, or `failure: <why>`.
 */
export function useBulkJob() {
  const [busy, setBusy] = useState(false);
  const run = async (job: () => Promise<string>, failure: string) => {
    const { notify } = useStore.getState();
    setBusy(true);
    try {
      notify('success', await job());
    } catch (err) {
      notify('error', `${failure}: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return { busy, setBusy, run };
}

/** Exports a selection as a collection file and says so: "Exported 3 requests as a collection (…)". */
export async function exportCollection(
  input: MethodInput<'collections.export'>,
  plural: (n: number) => string,
): Promise<string> {
  const f = await api.collections.export(input);
  downloadText(f.filename, f.mimeType, f.content);
  return `Exported ${plural(f.count)} as a collection (${f.filename}).`;
}

/** The select bar's "Export" button and its menu of formats. */
export function ExportMenu(props: { busy: boolean; items: { label: ReactNode; onSelect(): void }[] }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="button small ghost" disabled={props.busy}>
          <Download size={13} /> Export
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          {props.items.map((item, i) => (
            <DropdownMenu.Item key={i} className="menu-item" onSelect={item.onSelect}>
              <Download size={14} /> {item.label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
