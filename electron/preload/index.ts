// The sandboxed preload: exposes `window.keyhole` and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadApi } from './bridge';

contextBridge.exposeInMainWorld('keyhole', createPreloadApi(ipcRenderer, webUtils));
