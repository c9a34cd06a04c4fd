import { useEffect, useRef } from 'react';
import { FileUp, Repeat } from 'lucide-react';
import { RefreshButton } from '../../components/controls';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { RunList } from './RunList';
import { RunView } from './RunView';
import './runs.css';

export function RunsScreen() {
  const runs = useStore((s) => s.runs);
  const loaded = useStore((s) => s.runsLoaded);
  const error = useStore((s) => s.runsError);
  const selected = useStore((s) => s.selectedRunId);
  const notify = useStore((s) => s.notify);
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void useStore.getState().loadRuns();
  }, []);

  const importFile = async (f: File) => {
    try {
      const res = await api.collections.import({
        content: await f.text(),
        name: f.name.replace(/\.hookbench\.json$|\.json$/i, ''),
      });
      if (!res.collection) {
        const first = res.rejected
          .slice(0, 3)
          .map((r) => (r.index < 0 ? r.reason : `item ${r.index + 1}: ${r.reason}`));
        notify(
          'error',
          `Nothing imported. ${first.join(' · ')}${res.rejected.length > 3 ? ` (and ${res.rejected.length - 3} more)` : ''}`,
        );
        return;
      }
      notify('success', `Imported ${res.imported} request${res.imported === 1 ? '' : 's'} from ${f.name}.`);
      useStore.getState().openReplay({
        source: { type: 'collection', collectionId: res.collection.id },
        label: `collection “${res.collection.name}”`,
        hasEndpoints: false,
      });
    } catch (err) {
      notify('error', errorMessage(err));
    }
  };

  const run = runs.find((r) => r.id === selected) ?? null;
  return (
    <div className="area">
      <header className="area-header">
        <div>
          <h1>Replay runs</h1>
          <p className="muted">
            Replay deliveries and captured requests in bulk and see which answers changed.
          </p>
        </div>
        <div className="area-actions">
          <input
            ref={file}
            type="file"
            accept=".json,application/json"
            hidden
            aria-label="Collection file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importFile(f);
            }}
          />
          <button type="button" className="button" onClick={() => file.current?.click()}>
            <FileUp size={14} /> Import collection
          </button>
          <RefreshButton onClick={() => void useStore.getState().loadRuns()} />
        </div>
      </header>
      {error && <div className="banner banner-error">Could not load runs: {error}</div>}
      {loaded && runs.length === 0 ? (
        <div className="empty-state">
          <Repeat size={36} strokeWidth={1.5} />
          <h2>No replay runs yet</h2>
          <p>
            Select deliveries (or filter them) and choose Replay, replay an inbox&apos;s requests, or import a
            collection.
          </p>
          <button type="button" className="button" onClick={() => useStore.getState().navigate('deliveries')}>
            Go to Deliveries
          </button>
        </div>
      ) : (
        <div className="runs-layout">
          <RunList runs={runs} selected={selected} />
          <div className="runs-main">
            {run ? (
              <RunView run={run} />
            ) : (
              <div className="empty-state">{loaded ? <p>Select a run.</p> : <p>Loading runs…</p>}</div>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
