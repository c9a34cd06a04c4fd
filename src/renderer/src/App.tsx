import { lazy, Suspense, useEffect, useState } from 'react';
import { inboxDialogLoaders } from './areas/inbox/lazy-dialogs';
import { areaById, preloadAreasWhenIdle } from './areas/registry';
import { AboutDialog } from './components/AboutDialog';
import { AlertBanner } from './components/AlertBanner';
import { ConnectScreen } from './components/ConnectScreen';
import { ConfirmHost } from './components/confirm';
import { Sidebar } from './components/Sidebar';
import { Toasts } from './components/Toasts';
import { getToken, hostKind } from './lib/api';
import { useAppCommands } from './lib/app-commands';
import { useTheme } from './lib/use-theme';
import { useStore } from './store';
import { wireEvents } from './store/wire-events';

// The replay dialog (and the schemas it imports) is not needed until a replay is asked for: it
// mounts on first use and stays mounted, so what was typed in it is kept between openings.
const loadReplayDialog = () => import('./areas/runs/ReplayDialog');
const ReplayDialog = lazy(() => loadReplayDialog().then((m) => ({ default: m.ReplayDialog })));

export function App() {
  const area = useStore((s) => s.area);
  const connection = useStore((s) => s.connection);
  const infoError = useStore((s) => s.infoError);
  const replayAsked = useStore((s) => s.replayIntent !== null);
  const [replayMounted, setReplayMounted] = useState(false);
  if (replayAsked && !replayMounted) setReplayMounted(true);
  useTheme();
  useAppCommands();

  useEffect(() => {
    const s = useStore.getState();
    void s.loadInfo();
    void s.loadSettings();
    preloadAreasWhenIdle([...inboxDialogLoaders, loadReplayDialog]);
    return wireEvents();
  }, []);

  if (hostKind === 'browser' && (!getToken() || connection === 'unauthorized')) return <ConnectScreen />;

  const Area = areaById(area).component;
  return (
    <>
      <div className="shell">
        <Sidebar />
        <main className="main" data-area={area}>
          {infoError && <div className="banner banner-error">{infoError}</div>}
          <AlertBanner />
          {/* An area's code loads on first show (areas/registry.tsx); until then, an empty area. */}
          <Suspense fallback={<div className="area" aria-busy="true" />}>
            <Area />
          </Suspense>
        </main>
      </div>
      <AboutDialog />
      {replayMounted && (
        <Suspense fallback={null}>
          <ReplayDialog />
        </Suspense>
      )}
      <ConfirmHost />
      <Toasts />
    </>
  );
}
