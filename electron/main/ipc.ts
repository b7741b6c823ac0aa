// Every contract channel goes through one `handle()`: sender check, schema check, core call.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { contract, CHANNELS, type Channel, type ResultOf } from '../../shared/ipc/contract';
import { err } from '../../shared/result';
import { invalidRequest, type Api } from '../core/host/api';

/**
 * Registers one channel. Requests from any frame other than our own page (an iframe, a page
 * that navigated elsewhere) are refused, and the request is parsed before core sees it; the
 * answer is always a Result value, so nothing crosses IPC as a thrown error.
 */
function handle<C extends Channel>(channel: C, api: Api, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(channel, async (event, payload: unknown): Promise<ResultOf<C>> => {
    if (!isTrustedSender(event)) {
      return err({ code: 'forbidden', message: `${channel} may only be called by the Keyhole window.` });
    }
    const parsed = contract[channel].request.safeParse(payload);
    if (!parsed.success) return err(invalidRequest(channel, parsed.error));
    return api.call(channel, parsed.data as Parameters<typeof api.call<C>>[1]);
  });
}

/** Registers every channel of the contract; returns a function that removes them again. */
export function registerHandlers(api: Api, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const channel of CHANNELS) handle(channel, api, isTrustedSender);
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
