import type { KeyholeApi } from '../../shared/ipc/contract';
import type { AppStore } from './app-store';

/**
 * The one door through which host events enter the store; started once at boot. Returns a
 * function that stops listening (tests, hot reload).
 */
export function startEventBridge(api: KeyholeApi, store: AppStore): () => void {
  const s = () => store.getState();
  const offs = [
    api.on('connection:phase', (p) => s().applyPhase(p)),
    api.on('connection:state', (info) => s().applyConnectionInfo(info)),
    api.on('messages:batch', (batch) => s().appendMessages(batch)),
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
  ];
  return () => {
    for (const off of offs) off();
  };
}
