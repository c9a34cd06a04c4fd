import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, safeStorage, shell, type WebContents } from 'electron';
import { createCore, type Core } from '../core';
import { createConsoleLogger } from '../core/util/logger';
import { isSafeExternalUrl } from './external-url';
import { EVENT_CHANNEL, createTrustedUrlCheck, registerIpcHandlers } from './ipc';
import { resolveNativeBinding } from './native-binding';
import { createSafeStorageCipher } from './safe-storage-cipher';

app.setName('Hookbench');
if (process.env.HOOKBENCH_USER_DATA) app.setPath('userData', path.resolve(process.env.HOOKBENCH_USER_DATA));

const logger = createConsoleLogger();
const rendererFile = path.join(__dirname, '../renderer/index.html');
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const isTrustedUrl = createTrustedUrlCheck(rendererFile, devUrl);
let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

const openExternal = (url: string) => {
  // eslint-disable-next-line no-restricted-syntax -- this is the one guarded place.
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
  else logger.warn('refused to open a non-http(s) link');
};

/** No navigation away from the app and no new windows, in every web contents. */
function lockDown(contents: WebContents) {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function createWindow() {
  mainWindow = new BrowserWindow({
    width: 1320,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Hookbench',
    icon: path.join(__dirname, '../../resources/icon.png'),
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  if (devUrl) void mainWindow.loadURL(devUrl);
  else void mainWindow.loadFile(rendererFile);
}

async function start() {
  try {
    core = await createCore({
      dataDir: app.getPath('userData'),
      host: 'electron',
      version: app.getVersion(),
      logger,
      nativeBinding: resolveNativeBinding(app.getAppPath(), app.isPackaged),
      secretCipher: createSafeStorageCipher(safeStorage),
    });
  } catch (err) {
    dialog.showErrorBox('Hookbench could not start', (err as Error).message);
    app.exit(1);
    return;
  }
  const c = core;
  registerIpcHandlers(ipcMain, (m, input) => c.invoke(m, input), isTrustedUrl);
  c.events.subscribe((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event, payload);
    }
    // An endpoint that stops receiving deliveries needs the user even when the window is hidden.
    if (event === 'endpoints.disabled' && Notification.isSupported()) {
      const e = payload as { name: string; message: string };
      const note = new Notification({ title: `Endpoint "${e.name}" was disabled`, body: e.message });
      note.on('click', () => {
        mainWindow?.show();
        mainWindow?.focus();
      });
      note.show();
    }
    // Alerts that ask for it (endpoint disabled is already announced just above).
    if (event === 'alerts.fired' && Notification.isSupported()) {
      const a = payload as { desktop: boolean; kind: string; ruleName: string; message: string };
      if (!a.desktop || a.kind === 'endpoint_disabled') return;
      const note = new Notification({ title: `Alert: ${a.ruleName}`, body: a.message });
      note.on('click', () => {
        mainWindow?.show();
        mainWindow?.focus();
      });
      note.show();
    }
  });
  if (process.platform !== 'darwin') Menu.setApplicationMenu(null);
  createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_e, contents) => lockDown(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    void core.close().finally(() => app.quit());
  });
  void app.whenReady().then(start);
}
