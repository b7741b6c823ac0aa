import type { ConnectReport } from '../../shared/connect/report';
import type { EventPayload } from '../../shared/ipc/contract';
import type { SliceFactory } from './app-store';
import { reportsLimitOf } from './settings-slice';

/**
 * Each profile's recent attempt reports, newest first. The history the host keeps (it outlives
 * the host process) is read once when a profile is shown; every report the host stores after
 * that arrives as a `reports:added` event. Nothing else writes here.
 */
export interface ReportsSlice {
  reports: Record<string, ConnectReport[]>;
  /** Reads a profile's stored attempt reports. */
  loadReports(profileId: string): Promise<void>;
  /** Forgets what the UI knew of these profiles' attempts (deleted, or replaced by an import). */
  forgetReports(profileIds: Iterable<string>): void;
  /** Event from the host: an attempt's report was stored with its profile. */
  applyReportAdded(payload: EventPayload<'reports:added'>): void;
}

export const createReportsSlice: SliceFactory<ReportsSlice> = (api) => (set, get) => ({
  reports: {},

  async loadReports(profileId) {
    const r = await api.reports.history({ profileId, limit: reportsLimitOf(get().settings) });
    // The host answers after every report stored so far; later ones arrive as events.
    if (r.ok) set((s) => ({ reports: { ...s.reports, [profileId]: r.value } }));
  },

  forgetReports(profileIds) {
    const gone = new Set(profileIds);
    set((s) => ({ reports: Object.fromEntries(Object.entries(s.reports).filter(([id]) => !gone.has(id))) }));
  },

  applyReportAdded({ profileId, report }) {
    set((s) => {
      const old = s.reports[profileId] ?? [];
      return {
        reports: { ...s.reports, [profileId]: [report, ...old.filter((x) => x.id !== report.id)].slice(0, reportsLimitOf(s.settings)) },
      };
    });
  },
});
