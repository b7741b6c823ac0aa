/**
 * `window.keyhole` for the desktop app, built by walking the contract: one `ipcRenderer.invoke`
 * per channel, one IPC listener for every event. Kept apart from `index.ts` (which touches the
 * real `electron` module) so the same function can be checked against the contract in tests.
 */
import type { IpcRenderer, WebUtils } from 'electron';
import { buildKeyholeApi, EVENT_CHANNEL, type EventEnvelope, type KeyholeApi } from '../../shared/ipc/contract';
import { createEventListeners } from '../../shared/ipc/event-listeners';

/** Builds the API over Electron's IPC. */
export function createPreloadApi(ipc: Pick<IpcRenderer, 'invoke' | 'on'>, webUtils: Pick<WebUtils, 'getPathForFile'>): KeyholeApi {
  const listeners = createEventListeners();
  // One IPC listener for all events: the renderer's callbacks get the payload only, never the
  // IpcRendererEvent (whose `sender` would hand the page the IPC object itself).
  ipc.on(EVENT_CHANNEL, (_event, envelope: EventEnvelope) => {
    listeners.emit(envelope.event, envelope.payload);
  });
  return buildKeyholeApi({
    invoke: (channel, request) =>
      ipc.invoke(channel, request).catch((e: unknown) => ({
        ok: false,
        error: { code: 'internal', message: `${channel}: ${e instanceof Error ? e.message : String(e)}` },
      })),
    on: listeners.on,
    pathForFile(file) {
      try {
        // Empty for files that do not come from disk (e.g. made by the page).
        return webUtils.getPathForFile(file as File) || null;
      } catch {
        return null;
      }
    },
  });
}
