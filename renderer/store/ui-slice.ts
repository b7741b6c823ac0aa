import type { AppInfo, PayloadView } from '../../shared/ipc/contract';
import type { WsStatus } from '../../shared/ipc/ws-client';
import type { SliceFactory } from './app-store';
import { PREF } from './settings-slice';

/** What the right-hand pane shows. */
export type View =
  | { kind: 'empty' }
  | { kind: 'connection'; profileId: string }
  | { kind: 'edit'; profileId: string }
  | { kind: 'new'; groupId: string | null };

/** The payload view used where neither the message nor its subscription picks one. */
export type PayloadFormat = PayloadView;

/**
 * The dialog over the app, if any: export (of the given profiles, or a choice among all), import,
 * a profile from a configuration or a command line, a profile's command lines, settings.
 */
export type Dialog =
  | { kind: 'export'; profileIds: string[] | null }
  | { kind: 'import' }
  | { kind: 'from-config' }
  | { kind: 'commands'; profileId: string }
  | { kind: 'settings' };

export interface Notice {
  id: number;
  color: 'green' | 'red' | 'yellow' | 'blue';
  message: string;
}

export interface UiSlice {
  /** The section the rail has chosen (an id of the rail's table: `connections`, `certificates` …). */
  section: string;
  view: View;
  /** The editor has changes that are not saved. */
  editorDirty: boolean;
  /** A navigation waiting for the user to confirm that unsaved changes may be discarded. */
  pendingView: View | null;
  /** Counts "New connection" asked for while a new connection's form is already open: the form answers by showing itself. */
  draftNudge: number;
  search: string;
  /** Topic filter of the message list, per profile. */
  messageFilter: Record<string, string>;
  payloadFormat: PayloadFormat;
  /** A past attempt being looked at instead of the latest, per profile. */
  viewedReportId: Record<string, string | null>;
  appInfo: AppInfo | null;
  hostStatus: WsStatus;
  notice: Notice | null;
  dialog: Dialog | null;

  setSection(section: string): void;
  /** Goes to a view, unless the editor has unsaved changes: then asks first. */
  navigate(view: View): void;
  confirmDiscard(): void;
  cancelDiscard(): void;
  setEditorDirty(dirty: boolean): void;
  setSearch(search: string): void;
  setMessageFilter(profileId: string, filter: string): void;
  /** Shows payloads in this notation; remembered with the host unless `persist` is false. */
  setPayloadFormat(format: PayloadFormat, options?: { persist?: boolean }): void;
  viewReport(profileId: string, reportId: string | null): void;
  loadAppInfo(): Promise<void>;
  setHostStatus(status: WsStatus): void;
  notify(color: Notice['color'], message: string): void;
  dismissNotice(): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
}

const sameView = (a: View, b: View): boolean => JSON.stringify(a) === JSON.stringify(b);

export const createUiSlice: SliceFactory<UiSlice> = (api) => (set, get) => ({
  section: 'connections',
  view: { kind: 'empty' },
  editorDirty: false,
  pendingView: null,
  draftNudge: 0,
  search: '',
  messageFilter: {},
  payloadFormat: 'text',
  viewedReportId: {},
  appInfo: null,
  hostStatus: 'connecting',
  notice: null,
  dialog: null,

  setSection(section) {
    if (get().section !== section) set({ section });
  },

  navigate(view) {
    const s = get();
    if (sameView(view, s.view)) {
      if (view.kind === 'new') set({ draftNudge: s.draftNudge + 1 });
      return;
    }
    const leavingEditor = s.view.kind === 'edit' || s.view.kind === 'new';
    if (leavingEditor && s.editorDirty) return set({ pendingView: view });
    set({ view, editorDirty: false, pendingView: null });
  },

  confirmDiscard() {
    const next = get().pendingView;
    if (next) set({ view: next, pendingView: null, editorDirty: false });
  },

  cancelDiscard() {
    set({ pendingView: null });
  },

  setEditorDirty(dirty) {
    if (get().editorDirty !== dirty) set({ editorDirty: dirty });
  },

  setSearch(search) {
    set({ search });
  },

  setMessageFilter(profileId, filter) {
    set((s) => ({ messageFilter: { ...s.messageFilter, [profileId]: filter } }));
  },

  setPayloadFormat(payloadFormat, options) {
    set({ payloadFormat });
    if (options?.persist !== false) void get().savePreference(PREF.payloadFormat, payloadFormat);
  },

  viewReport(profileId, reportId) {
    set((s) => ({ viewedReportId: { ...s.viewedReportId, [profileId]: reportId } }));
  },

  async loadAppInfo() {
    const r = await api.app.info();
    if (r.ok) set({ appInfo: r.value });
  },

  setHostStatus(hostStatus) {
    set({ hostStatus });
  },

  notify(color, message) {
    set((s) => ({ notice: { id: (s.notice?.id ?? 0) + 1, color, message } }));
  },

  dismissNotice() {
    set({ notice: null });
  },

  openDialog(dialog) {
    set({ dialog });
  },

  closeDialog() {
    set({ dialog: null });
  },
});
