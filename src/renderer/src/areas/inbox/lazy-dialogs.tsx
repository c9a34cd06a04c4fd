import { lazy, Suspense, type ComponentProps } from 'react';

// The Inbox's dialogs for creating an inbox and for its settings validate with the shared zod
// schemas; they load on first open (or when the page is idle, App.tsx), so the Inbox's start path
// carries no zod.
const loadCreate = () => import('./CreateInboxDialog');
const loadSettings = () => import('./settings/InboxSettingsDialog');
const CreateImpl = lazy(() => loadCreate().then((m) => ({ default: m.CreateInboxDialog })));
const SettingsImpl = lazy(() => loadSettings().then((m) => ({ default: m.InboxSettingsDialog })));

export const inboxDialogLoaders = [loadCreate, loadSettings];

export function CreateInboxDialog(props: ComponentProps<typeof CreateImpl>) {
  return (
    <Suspense fallback={null}>
      <CreateImpl {...props} />
    </Suspense>
  );
}

export function InboxSettingsDialog(props: ComponentProps<typeof SettingsImpl>) {
  return (
    <Suspense fallback={null}>
      <SettingsImpl {...props} />
    </Suspense>
  );
}
