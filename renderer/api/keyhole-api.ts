import type { KeyholeApi } from '../../shared/ipc/contract';
import { createWsKeyhole, webSocketUrl, type WsStatus } from '../../shared/ipc/ws-client';

/** The host connection the UI talks through, whichever host it runs in. */
export interface HostLink {
  api: KeyholeApi;
  /** `electron` when the preload exposed `window.keyhole`, `web` for the WebSocket host. */
  kind: 'electron' | 'web';
  /** The desktop app's IPC never drops; the web host's socket can. */
  status(): WsStatus;
  onStatus(listener: (status: WsStatus) => void): () => void;
}

declare global {
  interface Window {
    keyhole?: KeyholeApi;
  }
}

/**
 * The one place the renderer finds its API: the preload's `window.keyhole` in the desktop app,
 * otherwise a WebSocket client to the web host that served this page (the access token comes
 * from the page URL, or from the host's cookie once the URL no longer has it).
 */
export function connectHost(win: Window = window): HostLink {
  if (win.keyhole) {
    return { api: win.keyhole, kind: 'electron', status: () => 'open', onStatus: () => () => {} };
  }
  const ws = createWsKeyhole({ url: webSocketUrl(win.location.href) });
  win.keyhole = ws.api;
  return { api: ws.api, kind: 'web', status: ws.status, onStatus: ws.onStatus };
}
