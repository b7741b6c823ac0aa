// The desktop app's main process: lifecycle, one window, the contract over IPC. Everything with
// logic lives in electron/core; this file only connects it to Electron.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  net,
  protocol,
  safeStorage,
  session,
  shell,
  type OpenDialogOptions,
  type IpcMainInvokeEvent,
} from 'electron';
import { EVENT_CHANNEL, type EventEnvelope } from '../../shared/ipc/contract';
import type { MaterialSlot } from '../../shared/profile/profile';
import { openAppCore, type AppCore } from '../core/host/app-core';
import { KeyFileSecretBox } from '../core/secrets/key-file-box';
import { defaultDataDir } from '../core/store/data-dir';
import { contentSecurityPolicy, contentType, securityHeaders, staticFile } from '../core/host/web-security';
import { registerHandlers } from './ipc';
import { SafeStorageSecretBox } from './safe-storage-box';
import { installMenu } from './menu';
import { trackWindowState, windowStateToUse } from './window-state';
import { readWindowState } from './window-state-file';

const here = dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = join(here, '../renderer');
const PRELOAD = join(here, '../preload/index.cjs');
/** The app's own origin: the renderer is served from a custom scheme, not file:// (which any local file shares). */
const APP_SCHEME = 'keyhole';
const APP_ORIGIN = `${APP_SCHEME}://app`;
/** electron-vite's dev server, in `electron-vite dev` only. */
const DEV_URL = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const DEV_ORIGIN = DEV_URL ? new URL(DEV_URL).origin : null;
const CSP = contentSecurityPolicy({ dev: DEV_URL !== undefined });

let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;

/** True for our page's URLs (and nothing else: not file://, not other schemes). */
function isAppUrl(url: string): boolean {
  try {
    const origin = new URL(url).origin;
    return origin === APP_ORIGIN || (DEV_ORIGIN !== null && origin === DEV_ORIGIN);
  } catch {
    return false;
  }
}

/** Only the top frame of our window, showing our page, may call the contract (not an iframe, not a page navigated elsewhere). */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && mainWindow !== null && event.sender === mainWindow.webContents && isAppUrl(frame.url);
}

const FILTERS: Record<MaterialSlot, OpenDialogOptions['filters']> = {
  ca: [{ name: 'Certificates', extensions: ['pem', 'crt', 'cer', 'der', 'ca-bundle'] }],
  cert: [{ name: 'Certificates', extensions: ['pem', 'crt', 'cer', 'der'] }],
  key: [{ name: 'Private keys', extensions: ['pem', 'key', 'der'] }],
  pfx: [{ name: 'PKCS#12 bundles', extensions: ['p12', 'pfx'] }],
};
const TITLES: Record<MaterialSlot, string> = {
  ca: 'Choose a CA certificate',
  cert: 'Choose the client certificate',
  key: 'Choose the private key',
  pfx: 'Choose a PKCS#12 bundle',
};

async function pickFile(slot: MaterialSlot): Promise<string | null> {
  const options: OpenDialogOptions = {
    title: TITLES[slot],
    properties: ['openFile'],
    filters: [...(FILTERS[slot] ?? []), { name: 'All files', extensions: ['*'] }],
  };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function pickSavePath(suggestedName: string, kind?: { title: string; name: string; extension: string }): Promise<string | null> {
  const options = {
    title: kind?.title ?? 'Export profiles',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [{ name: kind?.name ?? 'Keyhole profiles', extensions: [kind?.extension ?? 'json'] }],
  };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** The file a profile's TLS key log is appended to (NSS format, for Wireshark). */
async function pickKeyLogPath(suggestedName: string): Promise<string | null> {
  const options = {
    title: 'Write the TLS key log to',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [{ name: 'NSS key logs', extensions: ['keylog', 'txt'] }],
  };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** A folder to read (a batch folder for the credential matrix). */
async function pickOpenFolder(title: string): Promise<string | null> {
  const options: OpenDialogOptions = { title, defaultPath: app.getPath('documents'), properties: ['openDirectory'] };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** A folder for the workbench's files: the user picks (or creates) an empty one. */
async function pickFolder(suggestedName: string): Promise<string | null> {
  const options: OpenDialogOptions = {
    title: `Save ${suggestedName}: choose an empty folder`,
    defaultPath: app.getPath('documents'),
    properties: ['openDirectory', 'createDirectory'],
  };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

function sendEvent(envelope: EventEnvelope): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, envelope);
}

/** Serves the built renderer on keyhole://app/ with the CSP attached to every response. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? staticFile(RENDERER_DIR, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (!response?.ok) return new Response('Not found', { status: 404 });
    return new Response(response.body, { status: 200, headers: { 'Content-Type': contentType(file), ...securityHeaders(CSP) } });
  });
}

function lockDown(): void {
  // The dev server's responses get the same CSP as the packaged app's.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // No camera, microphone, notifications, geolocation …: the app needs none.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Links to the web open in the user's browser; nothing opens inside the app.
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https:\/\//i.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

async function createWindow(): Promise<BrowserWindow> {
  const stateDir = app.getPath('userData');
  const saved = await readWindowState(stateDir);
  const state = windowStateToUse(saved.ok ? saved.value : null);
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Keyhole',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // A middle click on a link would open a new window outside the navigation handlers.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) win.maximize();
  trackWindowState(win, stateDir);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(DEV_URL ?? `${APP_ORIGIN}/index.html`);
  return win;
}

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // Another Keyhole is running: it gets focus (below, in that process) and this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app
    .whenReady()
    .then(async () => {
      lockDown();
      serveRenderer();
      installMenu({ dev: DEV_URL !== undefined });
      // The same folder the CLI and the web host default to, so all three share the profiles
      // (Electron's own userData on Linux would be ~/.config/Keyhole, from the product name).
      const dataDir = process.env.KEYHOLE_DATA_DIR || defaultDataDir();
      // The OS keychain where there is one; the key file of the CLI and web host otherwise. The key
      // file also opens what those hosts sealed in the same folder (re-sealed by the keychain on save).
      const keyFile = new KeyFileSecretBox({ dataDir });
      const secretBox = safeStorage.isEncryptionAvailable() ? new SafeStorageSecretBox(safeStorage) : keyFile;
      core = await openAppCore({
        secretBox,
        secretReaders: secretBox === keyFile ? [] : [keyFile],
        pickSavePath,
        pickFolder,
        pickKeyLogPath,
        pickOpenFolder,
        dataDir,
        host: 'electron',
        version: app.getVersion(),
        versions: { electron: process.versions.electron, chrome: process.versions.chrome },
        send: sendEvent,
        pickFile,
        allowPathImport: true,
      });
      registerHandlers(core.api, isTrustedSender);
      mainWindow = await createWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) void createWindow().then((win) => (mainWindow = win));
      });
    })
    .catch((e: unknown) => {
      dialog.showErrorBox('Keyhole could not start', e instanceof Error ? e.message : String(e));
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close live MQTT sessions (DISCONNECT) before the process goes.
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !core) return;
    closing = true;
    event.preventDefault();
    void core.close().finally(() => app.quit());
  });
}
