import type { ConnectReport } from '../../shared/connect/report';
import type { LabEvent } from '../../shared/lab/lab-event';
import type { MqttMessage } from '../../shared/ipc/contract';
import type { Profile } from '../../shared/profile/profile';
import type { AppState } from './app-store';
import { IDLE_CONNECTION, reportOf, type ConnectionView } from './connections-slice';
import type { MessageLog, MessageRefine } from './messages-slice';

/** Named selectors: components read the store only through these (STYLE.md). */
export const selectProfiles = (s: AppState) => s.profiles;
export const selectGroups = (s: AppState) => s.groups;
export const selectProfilesStatus = (s: AppState) => s.profilesStatus;
export const selectView = (s: AppState) => s.view;
export const selectSearch = (s: AppState) => s.search;
export const selectPendingView = (s: AppState) => s.pendingView;
export const selectDraftNudge = (s: AppState) => s.draftNudge;
export const selectNotice = (s: AppState) => s.notice;
export const selectHostStatus = (s: AppState) => s.hostStatus;
export const selectAppInfo = (s: AppState) => s.appInfo;
export const selectPayloadFormat = (s: AppState) => s.payloadFormat;
export const selectConnections = (s: AppState) => s.connections;
export const selectDialog = (s: AppState) => s.dialog;
export const selectSettings = (s: AppState) => s.settings;
export const selectStoreStatus = (s: AppState) => s.storeStatus;
export const selectNoticeDismissals = (s: AppState) => s.noticeDismissals;
export const selectSection = (s: AppState) => s.section;
export const selectCas = (s: AppState) => s.cas;
export const selectCasStatus = (s: AppState) => s.casStatus;
export const selectInspected = (s: AppState) => s.inspected;
export const selectLintReport = (s: AppState) => s.lintReport;
export const selectBatchProgress = (s: AppState) => s.batchProgress;
export const selectLab = (s: AppState) => s.lab;
/** No profiles at all, once they are read: the empty screen offers the lab. */
export const selectFirstLaunch = (s: AppState) => s.profilesStatus === 'ready' && s.profiles.length === 0;
export const selectLabLoad = (s: AppState) => s.labLoad;
export const selectLabLog = (s: AppState) => s.labLog;
export const selectMatrices = (s: AppState) => s.matrices;
export const selectMatrixLoad = (s: AppState) => s.matrixLoad;
export const selectOpenMatrix = (s: AppState) => s.openMatrix;
export const selectMatrixRun = (s: AppState) => s.matrixRun;

/** The lab's side of a report's attempt: undefined until asked, `[]` when the lab saw nothing of it. */
export const selectLabAttempt =
  (reportId: string) =>
  (s: AppState): readonly LabEvent[] | undefined =>
    s.labAttempts[reportId];

/** Whether a profile is one of the lab's own (its Lab group). */
export const selectIsLabProfile =
  (profileId: string) =>
  (s: AppState): boolean =>
    s.lab?.profiles.ids.includes(profileId) ?? false;

/** The profile the right pane is about, if any. */
export const selectCurrentProfileId = (s: AppState): string | null =>
  s.view.kind === 'connection' || s.view.kind === 'edit' ? s.view.profileId : null;

export const selectProfile =
  (id: string | null) =>
  (s: AppState): Profile | undefined =>
    id === null ? undefined : s.profiles.find((p) => p.id === id);

/** The ids of a group's profiles, in sidebar order (read with `useAppStoreShallow`). */
export const selectGroupMemberIds =
  (groupId: string) =>
  (s: AppState): string[] =>
    s.profiles.filter((p) => p.groupId === groupId).map((p) => p.id);

export const selectConnection =
  (id: string) =>
  (s: AppState): ConnectionView =>
    s.connections[id] ?? IDLE_CONNECTION;

export const selectReports =
  (id: string) =>
  (s: AppState): readonly ConnectReport[] =>
    s.reports[id] ?? NO_REPORTS;
const NO_REPORTS: readonly ConnectReport[] = Object.freeze([]);

/**
 * The report to show: a past attempt picked from the history, else the connection's latest,
 * else the newest stored attempt (the history outlives the host process; the connection does not).
 */
export const selectShownReport =
  (id: string) =>
  (s: AppState): ConnectReport | null => {
    const picked = s.viewedReportId[id];
    if (picked) {
      const r = s.reports[id]?.find((x) => x.id === picked);
      if (r) return r;
    }
    return reportOf((s.connections[id] ?? IDLE_CONNECTION).state) ?? s.reports[id]?.[0] ?? null;
  };

export const selectMessageLog =
  (id: string) =>
  (s: AppState): MessageLog | undefined =>
    s.messageLogs[id];
export const selectMessageFilter =
  (id: string) =>
  (s: AppState): string =>
    s.messageFilter[id] ?? '';
const ALL_MESSAGES: MessageRefine = Object.freeze({ direction: 'all', search: '' });
export const selectMessageRefine =
  (id: string) =>
  (s: AppState): MessageRefine =>
    s.messageRefine[id] ?? ALL_MESSAGES;
export const selectSubscriptionColors =
  (id: string) =>
  (s: AppState): Record<string, string> =>
    s.subscriptionColors[id] ?? NO_COLORS;
const NO_COLORS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** The messages a log shows: the paused snapshot, or everything in the buffer. */
export function visibleMessages(log: MessageLog | undefined): readonly MqttMessage[] {
  if (!log) return [];
  return log.frozen ?? log.buffer.toArray();
}
