import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type WebContents,
} from 'electron';
import { createCore, type Core } from '../core';
import { installLastResort } from '../core/util/last-resort';
import { createConsoleLogger } from '../core/util/logger';
import { buildOpenApi } from '../server/openapi';
import type { AppCommandId } from '../shared/commands';
import type { MethodName } from '../shared/contract';
import { APP_PAGE, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler, OPENAPI_PATH } from './app-protocol';
import { appFiles, readmePath } from './app-paths';
import { isSafeExternalUrl } from './external-url';
import { EVENT_CHANNEL, createTrustedUrlCheck, registerIpcHandlers } from './ipc';
import { buildMenuTemplate } from './menu';
import { resolveNativeBinding } from './native-binding';
import { collectionImportCall, collectionPathFromArgv, readCollectionFile } from './open-collection';
import { installPermissionHandlers } from './permissions';
import { createSafeStorageCipher } from './safe-storage-cipher';
import { createTray, type TrayController } from './tray';
import { loadWindowState, recordPlacement, restorePlacement, saveWindowState, type WindowState } from './window-state';

app.setName('Hookbench');
if (process.env.HOOKBENCH_USER_DATA) app.setPath('userData', path.resolve(process.env.HOOKBENCH_USER_DATA));

// Before `ready`: app:// is a standard, secure origin the renderer is served from (never file://).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

const logger = createConsoleLogger();
installLastResort(logger);
const files = appFiles(app.getAppPath());
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const isTrustedUrl = createTrustedUrlCheck(devUrl);
let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;
let tray: TrayController | null = null;
let windowState: WindowState | null = null;
const windowStateFile = () => path.join(app.getPath('userData'), 'window-state.json');
/** Collections opened before the window could take them (macOS sends open-file before ready). */
const pendingOpens: string[] = [];

const openExternal = (url: string) => {
  // eslint-disable-next-line no-restricted-syntax -- this is the one guarded place.
  if (isSafeExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- http(s) only, checked on this line
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

function rememberPlacement(win: BrowserWindow) {
  if (win.isDestroyed()) return;
  const placement = { bounds: win.getNormalBounds(), maximized: win.isMaximized(), fullScreen: win.isFullScreen() };
  windowState = recordPlacement(windowState ?? loadWindowState(windowStateFile()), placement, screen.getAllDisplays());
  try {
    saveWindowState(windowStateFile(), windowState);
  } catch (err) {
    logger.warn(`could not save the window position: ${(err as Error).message}`);
  }
}

function createWindow(): BrowserWindow {
  windowState ??= loadWindowState(windowStateFile());
  const placement = restorePlacement(windowState, screen.getAllDisplays(), screen.getPrimaryDisplay());
  const win = new BrowserWindow({
    ...placement.bounds,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Hookbench',
    icon: process.platform === 'darwin' ? undefined : files.windowIcon,
    webPreferences: {
      preload: files.preload, // eng-disable PRELOAD_JS_CHECK -- sandboxed; exposes only the contract's methods and events (src/preload)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // Middle-click would otherwise open links as new windows (the window-open handler denies them anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  mainWindow = win;
  win.once('ready-to-show', () => {
    if (placement.maximized) win.maximize();
    if (placement.fullScreen) win.setFullScreen(true);
    win.show();
  });
  win.on('close', () => rememberPlacement(win));
  // Also while it moves (once it rests for a second), so a crash or a forced shutdown keeps it.
  let settle: NodeJS.Timeout | null = null;
  const soon = () => {
    if (settle) clearTimeout(settle);
    settle = setTimeout(() => rememberPlacement(win), 1000);
  };
  win.on('resize', soon);
  win.on('move', soon);
  win.on('maximize', soon);
  win.on('unmaximize', soon);
  win.on('enter-full-screen', soon);
  win.on('leave-full-screen', soon);
  win.on('closed', () => settle && clearTimeout(settle));
  win.on('focus', () => tray?.seen());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.webContents.once('did-finish-load', () => {
    for (const file of pendingOpens.splice(0)) void openCollection(file);
  });
  void win.loadURL(devUrl ?? APP_PAGE);
  return win;
}

function showWindow(): BrowserWindow {
  const win = mainWindow ?? createWindow();
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
  return win;
}

/** Runs an app command in the window (it is created first when needed). */
function sendCommand(command: AppCommandId) {
  const win = showWindow();
  const send = () => win.webContents.send(EVENT_CHANNEL, 'app.command', { command });
  if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
  else send();
}

/** Help → Automation API Reference: the OpenAPI document in a plain, script-less window. */
function openApiReference() {
  const win = new BrowserWindow({
    width: 900,
    height: 700,
    title: 'Hookbench automation API (OpenAPI)',
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, disableBlinkFeatures: 'Auxclick' },
  });
  void win.loadURL(`${APP_PAGE.replace(/index\.html$/, '')}${OPENAPI_PATH.slice(1)}`);
}

async function openCollection(file: string) {
  if (!core || !mainWindow || mainWindow.webContents.isLoading()) {
    pendingOpens.push(file);
    if (app.isReady() && core && !mainWindow) createWindow();
    return;
  }
  try {
    const opened = await readCollectionFile(file);
    const call = collectionImportCall(opened);
    if (!call) {
      mainWindow.webContents.send(EVENT_CHANNEL, 'app.fileOpened', { fileName: opened.fileName, path: opened.path });
      return;
    }
    const result = await core.invoke(call.method as MethodName, call.input);
    if (!result.ok) dialog.showErrorBox(`Could not import ${opened.fileName}`, result.error.message);
    // Imported: the window shows it in Replay runs, ready to replay against a target.
    else mainWindow.webContents.send(EVENT_CHANNEL, 'app.fileOpened', { fileName: opened.fileName, path: opened.path });
  } catch (err) {
    dialog.showErrorBox(`Could not open ${path.basename(file)}`, (err as Error).message);
  }
}

function installMenu() {
  const template = buildMenuTemplate({
    platform: process.platform,
    isDev: !app.isPackaged,
    appName: app.getName(),
    actions: {
      command: sendCommand,
      openReadme: () => void shell.openPath(readmePath({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath })),
      revealDataFolder: () => shell.showItemInFolder(core ? path.join(core.context.dataDir, 'hookbench.db') : app.getPath('userData')),
      openApiReference,
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function start() {
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({ rendererDir: files.rendererDir, fetchFile: (url) => net.fetch(url), openApi: () => buildOpenApi(app.getVersion()) }),
  );
  installPermissionHandlers(session.defaultSession, isTrustedUrl);
  try {
    core = await createCore({
      dataDir: app.getPath('userData'),
      host: 'electron',
      version: app.getVersion(),
      logger,
      nativeBinding: resolveNativeBinding(app.getAppPath(), app.isPackaged, process.resourcesPath),
      secretCipher: createSafeStorageCipher(safeStorage),
      // The smoke tests (test/electron) listen on a free port instead of the user's 7780.
      ports: process.env.HOOKBENCH_RECEIVER_PORT ? { receiver: Number(process.env.HOOKBENCH_RECEIVER_PORT) } : undefined,
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
    tray?.onEvent(event, payload);
    // An endpoint that stops receiving deliveries needs the user even when the window is hidden.
    if (event === 'endpoints.disabled' && Notification.isSupported()) {
      const e = payload as { name: string; message: string };
      const note = new Notification({ title: `Endpoint "${e.name}" was disabled`, body: e.message });
      note.on('click', () => showWindow());
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
  installMenu();
  tray = createTray({
    core: c,
    iconFile: process.platform === 'darwin' ? files.trayIconMac : files.trayIcon,
    isWindowFocused: () => !!mainWindow && !mainWindow.isDestroyed() && mainWindow.isFocused(),
    onOpen: () => showWindow(),
    onQuit: () => app.quit(),
    logger,
  });
  createWindow();
  const fromArgv = collectionPathFromArgv(process.argv, process.cwd());
  if (fromArgv) pendingOpens.push(fromArgv);
}

// macOS: a collection double-clicked in Finder (also before `ready`, when it launches the app).
app.on('open-file', (event, file) => {
  event.preventDefault();
  void openCollection(file);
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, cwd) => {
    const file = collectionPathFromArgv(argv, cwd);
    if (mainWindow) showWindow();
    if (file) void openCollection(file);
  });
  app.on('web-contents-created', (_e, contents) => lockDown(contents));
  app.on('window-all-closed', () => {
    // With the tray icon on, closing the window keeps the receiver running in the tray.
    if (process.platform !== 'darwin' && !tray?.active()) app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    if (mainWindow) rememberPlacement(mainWindow);
    tray?.destroy();
    // In-flight deliveries get the dispatcher's grace period (2 s) to finish; any still running
    // stay leased and are retried on the next start (Settings says so).
    void core.close().finally(() => app.quit());
  });
  void app.whenReady().then(start);
}
