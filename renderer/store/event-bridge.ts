import type { KeyholeApi } from '../../shared/ipc/contract';
import type { AppStore } from './app-store';
import { createMessageCoalescer, nextFrame, type Schedule } from './message-coalescer';

/**
 * The one door through which host events enter the store; started once at boot. Returns a
 * function that stops listening (tests, hot reload). Message batches are merged into one store
 * update per frame (`schedule`); any other event first hands on the messages before it, so the
 * store sees events in the host's order.
 */
export function startEventBridge(api: KeyholeApi, store: AppStore, schedule: Schedule = nextFrame, minIntervalMs?: number): () => void {
  const coalescer = createMessageCoalescer((batch) => store.getState().appendMessages(batch), schedule, minIntervalMs);
  const s = () => {
    coalescer.flush();
    return store.getState();
  };
  const offs = [
    api.on('connection:phase', (p) => s().applyPhase(p)),
    api.on('connection:state', (info) => s().applyConnectionInfo(info)),
    api.on('messages:batch', (batch) => coalescer.push(batch)),
    api.on('profiles:changed', (p) => s().applyProfilesChanged(p)),
    api.on('settings:changed', (settings) => s().applySettings(settings)),
    api.on('store:status', (status) => s().applyStoreStatus(status)),
    api.on('reports:added', (p) => s().applyReportAdded(p)),
    api.on('certs:batchProgress', (p) => s().applyBatchProgress(p)),
    api.on('lab:event', (e) => s().applyLabEvent(e)),
    api.on('lab:status', (status) => s().applyLabStatus(status)),
    api.on('lab:attempt', (p) => s().applyLabAttempt(p)),
    api.on('matrix:progress', (p) => s().applyMatrixProgress(p)),
    api.on('matrix:finished', (run) => s().applyMatrixFinished(run)),
    api.on('publishes:changed', (p) => s().applyPublishHistory(p)),
    api.on('publishes:repeat', (status) => s().applyRepeat(status)),
  ];
  return () => {
    coalescer.stop();
    for (const off of offs) off();
  };
}
