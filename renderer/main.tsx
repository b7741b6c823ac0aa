import '@mantine/core/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectHost } from './api/keyhole-api';
import { App } from './app';
import { createAppStore } from './store/app-store';
import { startEventBridge } from './store/event-bridge';

const host = connectHost();
const store = createAppStore(host.api);
startEventBridge(host.api, store);
store.getState().setHostStatus(host.status());
host.onStatus((s) => store.getState().setHostStatus(s));

async function boot() {
  const s = store.getState();
  // Settings first: they say how many reports and messages to keep and show.
  await Promise.all([s.loadSettings(), s.loadStoreStatus(), s.loadAppInfo()]);
  await Promise.all([s.loadProfiles(), s.loadConnections(), s.loadRepeats()]);
  // The lab's status says which profiles are its own (their reports show the broker's side).
  void s.loadLab();
  // Messages the host kept for connections that are still open (e.g. after a page reload).
  for (const [id, c] of Object.entries(store.getState().connections)) if (c.state.status === 'open') void s.loadHistory(id);
}
void boot();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
