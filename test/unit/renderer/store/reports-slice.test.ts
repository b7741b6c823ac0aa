import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/store/app-store';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';
import { appSettings, report } from '../../../support/renderer/fixtures';

describe('reports slice', () => {
  it('takes the stored history as the host answers it', async () => {
    const r2 = report('ok');
    const r1 = report('tcp-refused');
    const store = createAppStore(fakeHost({ 'reports:history': () => okValue([r2, r1]) }).api);
    await store.getState().loadReports('a');
    expect(store.getState().reports.a?.map((r) => r.id)).toEqual([r2.id, r1.id]);
  });

  it('puts each added report on top, once, within the kept number', async () => {
    const host = fakeHost({ 'settings:get': () => okValue(appSettings({}, 2)) });
    const store = createAppStore(host.api);
    await store.getState().loadSettings();
    const [a, b, c] = [report('ok'), report('tcp-refused'), report('client-cert-unknown-ca')];
    store.getState().applyReportAdded({ profileId: 'p', report: a });
    store.getState().applyReportAdded({ profileId: 'p', report: b });
    store.getState().applyReportAdded({ profileId: 'p', report: b });
    expect(store.getState().reports.p?.map((r) => r.id)).toEqual([b.id, a.id]);
    store.getState().applyReportAdded({ profileId: 'p', report: c });
    expect(store.getState().reports.p?.map((r) => r.id)).toEqual([c.id, b.id]);
  });

  it('forgets the reports of deleted or replaced profiles only', () => {
    const store = createAppStore(fakeHost().api);
    store.getState().applyReportAdded({ profileId: 'x', report: report('ok') });
    store.getState().applyReportAdded({ profileId: 'y', report: report('ok') });
    store.getState().forgetReports(['x']);
    expect(Object.keys(store.getState().reports)).toEqual(['y']);
  });
});
