import { Suspense, useEffect } from 'react';
import { areaById, preloadAreasWhenIdle } from './areas/registry';
import { ReplayDialog } from './areas/runs/ReplayDialog';
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

export function App() {
  const area = useStore((s) => s.area);
  const connection = useStore((s) => s.connection);
  const infoError = useStore((s) => s.infoError);
  useTheme();
  useAppCommands();

  useEffect(() => {
    const s = useStore.getState();
    void s.loadInfo();
    void s.loadSettings();
    preloadAreasWhenIdle();
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
      <ReplayDialog />
      <ConfirmHost />
      <Toasts />
    </>
  );
}
