import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/store/app-store';
import { startEventBridge } from '../../../../renderer/store/event-bridge';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';
import { appSettings, certSummary, materialRef, profile, report } from '../../../support/renderer/fixtures';
import type { ProfileDraft } from '../../../../shared/profile/profile';

const draftOf = (p: ReturnType<typeof profile>): ProfileDraft => ({
  id: p.id,
  name: p.name,
  groupId: p.groupId,
  settings: p.settings,
  material: p.material,
});

describe('profiles slice', () => {
  it('loads profiles and groups', async () => {
    const host = fakeHost({
      'profiles:list': () => okValue([profile('a'), profile('b')]),
      'groups:list': () => okValue([{ id: 'g', name: 'Lab', collapsed: false }]),
    });
    const store = createAppStore(host.api);
    expect(store.getState().profilesStatus).toBe('loading');
    await store.getState().loadProfiles();
    expect(store.getState().profiles.map((p) => p.id)).toEqual(['a', 'b']);
    expect(store.getState().groups).toHaveLength(1);
    expect(store.getState().profilesStatus).toBe('ready');
  });

  it('keeps the error when the host cannot list', async () => {
    const host = fakeHost({
      'profiles:list': () => ({ ok: false, error: { code: 'store-error', message: 'store unreadable' } }),
      'groups:list': () => okValue([]),
    });
    const store = createAppStore(host.api);
    await store.getState().loadProfiles();
    expect(store.getState().profilesStatus).toBe('error');
    expect(store.getState().profilesError?.code).toBe('store-error');
  });

  it('saves a new profile, then its secrets, and shows the flags only', async () => {
    const saved = profile('new');
    const host = fakeHost({
      'profiles:save': () => okValue(saved),
      'secrets:set': (req) => okValue({ hasPassphrase: req.passphrase != null, hasPassword: false, hasPfxPassword: false }),
    });
    const store = createAppStore(host.api);
    const { id: _id, ...draft } = draftOf(saved);
    const r = await store.getState().saveProfile(draft, { passphrase: 'secret' });
    expect(r.ok && r.value.secrets.hasPassphrase).toBe(true);
    // A new passphrase lets the host read the key again: the profile is fetched afresh.
    expect(host.calls.map((c) => c.channel)).toEqual(['profiles:save', 'secrets:set', 'profiles:get']);
    expect(host.calls[1]?.request).toEqual({ profileId: 'new', passphrase: 'secret' });
    expect(store.getState().profiles).toHaveLength(1);
    expect(JSON.stringify(store.getState())).not.toContain('secret"');
  });

  it('takes the bundle as the host read it again after a PKCS#12 password, certificate summary included', async () => {
    const sealed = profile('p12', {
      material: { ca: [], cert: null, key: null, pfx: materialRef('pfx', { id: 'f1', summary: undefined }) },
    });
    const opened = profile('p12', {
      material: { ca: [], cert: null, key: null, pfx: materialRef('pfx', { id: 'f1', summary: certSummary('device-7') }) },
      secrets: { hasPassphrase: false, hasPassword: false, hasPfxPassword: true },
    });
    const host = fakeHost({
      'profiles:save': () => okValue(sealed),
      'secrets:set': () => okValue({ hasPassphrase: false, hasPassword: false, hasPfxPassword: true }),
      'profiles:get': () => okValue(opened),
    });
    const store = createAppStore(host.api);
    const r = await store.getState().saveProfile(draftOf(sealed), { pfxPassword: 'p12-pass' });
    expect(r.ok && r.value.material.pfx?.summary?.commonName).toBe('device-7');
    expect(store.getState().profiles[0]?.material.pfx?.summary?.commonName).toBe('device-7');
    expect(JSON.stringify(store.getState())).not.toContain('p12-pass');
  });

  it('seals a secret into a saved profile and takes the profile as stored', async () => {
    const stored = profile('k', { secrets: { hasPassphrase: true, hasPassword: false, hasPfxPassword: false } });
    const host = fakeHost({
      'secrets:set': () => okValue(stored.secrets),
      'profiles:get': () => okValue(stored),
    });
    const store = createAppStore(host.api);
    const r = await store.getState().saveSecrets('k', { passphrase: 'typed-once' });
    expect(r.ok && r.value.secrets.hasPassphrase).toBe(true);
    expect(host.calls.map((c) => c.channel)).toEqual(['secrets:set', 'profiles:get']);
    expect(host.calls[0]?.request).toEqual({ profileId: 'k', passphrase: 'typed-once' });
    expect(store.getState().profiles.map((p) => p.id)).toEqual(['k']);
    expect(JSON.stringify(store.getState())).not.toContain('typed-once');
  });

  it('does not call secrets:set when no secret changed', async () => {
    const host = fakeHost({ 'profiles:save': (req) => okValue(profile(req.id ?? 'x')) });
    const store = createAppStore(host.api);
    await store.getState().saveProfile(draftOf(profile('x')), {});
    expect(host.calls.map((c) => c.channel)).toEqual(['profiles:save']);
  });

  it('passes a refused save back as a value and changes nothing', async () => {
    const host = fakeHost({
      'profiles:save': () => ({
        ok: false,
        error: { code: 'invalid-request', message: 'bad', issues: [{ path: 'settings.port', message: 'too big' }] },
      }),
    });
    const store = createAppStore(host.api);
    const r = await store.getState().saveProfile(draftOf(profile('x')));
    expect(r.ok).toBe(false);
    expect(store.getState().profiles).toEqual([]);
  });

  it('deletes a profile and forgets its reports and connection', async () => {
    const host = fakeHost({
      'profiles:list': () => okValue([profile('a'), profile('b')]),
      'groups:list': () => okValue([]),
      'profiles:delete': (req) => okValue({ id: req.id }),
    });
    const store = createAppStore(host.api);
    await store.getState().loadProfiles();
    store.getState().applyConnectionInfo({ profileId: 'a', state: { status: 'failed', report: report('tcp-refused') }, subscriptions: [] });
    await store.getState().deleteProfile('a');
    expect(store.getState().profiles.map((p) => p.id)).toEqual(['b']);
    expect(store.getState().connections.a).toBeUndefined();
    expect(store.getState().reports.a).toBeUndefined();
  });

  it('duplicates a profile and places the copy right after the original', async () => {
    const host = fakeHost({
      'profiles:list': () => okValue([profile('a'), profile('b'), profile('c')]),
      'groups:list': () => okValue([]),
      'profiles:duplicate': () => okValue(profile('a2', { name: 'Profile a (copy)' })),
      'profiles:reorder': (req) => okValue(req.ids.map((id) => profile(id))),
    });
    const store = createAppStore(host.api);
    await store.getState().loadProfiles();
    await store.getState().duplicateProfile('a');
    expect(host.calls.find((c) => c.channel === 'profiles:reorder')?.request).toEqual({ ids: ['a', 'a2', 'b', 'c'] });
    expect(store.getState().profiles.map((p) => p.id)).toEqual(['a', 'a2', 'b', 'c']);
  });

  it('moves a profile among the profiles of its own group', async () => {
    const all = [profile('a'), profile('g1', { groupId: 'g' }), profile('b'), profile('g2', { groupId: 'g' })];
    const host = fakeHost({
      'profiles:list': () => okValue(all),
      'groups:list': () => okValue([{ id: 'g', name: 'G', collapsed: false }]),
      'profiles:reorder': (req) => okValue(req.ids.map((id) => all.find((p) => p.id === id)!)),
    });
    const store = createAppStore(host.api);
    await store.getState().loadProfiles();
    await store.getState().moveProfile('b', -1);
    expect(host.calls.at(-1)?.request).toEqual({ ids: ['b', 'g1', 'a', 'g2'] });
    // The first of its group does not move up.
    const before = host.calls.length;
    await store.getState().moveProfile('g1', -1);
    expect(host.calls.length).toBe(before);
  });

  it('places a dragged profile into another group before a given profile, saving its group first', async () => {
    let all = [profile('a'), profile('g1', { groupId: 'g' }), profile('b'), profile('g2', { groupId: 'g' })];
    const host = fakeHost({
      'profiles:list': () => okValue(all),
      'groups:list': () => okValue([{ id: 'g', name: 'G', collapsed: false }]),
      'profiles:save': (draft) => {
        all = all.map((p) => (p.id === draft.id ? { ...p, groupId: draft.groupId } : p));
        return okValue(all.find((p) => p.id === draft.id)!);
      },
      'profiles:reorder': (req) => okValue(req.ids.map((id) => all.find((p) => p.id === id)!)),
    });
    const store = createAppStore(host.api);
    await store.getState().loadProfiles();
    expect((await store.getState().placeProfile('a', 'g', 'g2')).ok).toBe(true);
    expect(host.calls.map((c) => c.channel).slice(-2)).toEqual(['profiles:save', 'profiles:reorder']);
    expect(host.calls.at(-2)?.request).toMatchObject({ id: 'a', groupId: 'g', name: 'Profile a' });
    expect(host.calls.at(-1)?.request).toEqual({ ids: ['g1', 'b', 'a', 'g2'] });
    expect(store.getState().profiles.map((p) => [p.id, p.groupId])).toEqual([
      ['g1', 'g'],
      ['b', null],
      ['a', 'g'],
      ['g2', 'g'],
    ]);
    // No profile named: after the last of the group; same group: no save, only the order.
    const saves = host.calls.filter((c) => c.channel === 'profiles:save').length;
    await store.getState().placeProfile('g1', 'g', null);
    expect(host.calls.at(-1)?.request).toEqual({ ids: ['b', 'a', 'g2', 'g1'] });
    expect(host.calls.filter((c) => c.channel === 'profiles:save')).toHaveLength(saves);
  });

  it('reorders groups, moves one up or down, and puts the old order back when the host refuses', async () => {
    const groups = ['x', 'y', 'z'].map((id) => ({ id, name: id.toUpperCase(), collapsed: false }));
    let refuse = false;
    const host = fakeHost({
      'profiles:list': () => okValue([]),
      'groups:list': () => okValue(groups),
      'groups:reorder': (req) =>
        refuse
          ? { ok: false, error: { code: 'store-error', message: 'disk full' } }
          : okValue(req.ids.map((id) => groups.find((g) => g.id === id)!)),
    });
    const store = createAppStore(host.api);
    await store.getState().loadProfiles();
    await store.getState().reorderGroups(['z', 'x', 'y']);
    expect(store.getState().groups.map((g) => g.id)).toEqual(['z', 'x', 'y']);
    await store.getState().moveGroup('y', -1);
    expect(host.calls.at(-1)?.request).toEqual({ ids: ['z', 'y', 'x'] });
    const calls = host.calls.length;
    await store.getState().moveGroup('z', -1);
    expect(host.calls).toHaveLength(calls);
    refuse = true;
    const r = await store.getState().moveGroup('x', -1);
    expect(r.ok).toBe(false);
    expect(store.getState().groups.map((g) => g.id)).toEqual(['z', 'y', 'x']);
  });

  it('keeps a move on screen when the host tells an earlier change before it answers the move', async () => {
    // As the real host does: each change is told to every window (profiles:changed) before the
    // request that made it is answered. Here the answers wait until the test lets them go.
    let groups = ['x', 'y', 'z'].map((id) => ({ id, name: id.toUpperCase(), collapsed: false }));
    let profiles = [profile('a'), profile('b')];
    const held: (() => void)[] = [];
    const hold = <T>(tell: () => void, value: T) =>
      new Promise<{ ok: true; value: T }>((answer) =>
        held.push(() => {
          tell();
          answer({ ok: true, value });
        }),
      );
    const host = fakeHost({
      'profiles:list': () => okValue(profiles),
      'groups:list': () => okValue(groups),
      'groups:reorder': (req) => {
        const next = req.ids.map((id) => groups.find((g) => g.id === id)!);
        return hold(() => {
          groups = next;
          host.emit('profiles:changed', { profiles, groups });
        }, next);
      },
      'profiles:save': (req) => {
        const next = profiles.map((p) => (p.id === req.id ? { ...p, groupId: req.groupId } : p));
        return hold(
          () => {
            profiles = next;
            host.emit('profiles:changed', { profiles, groups });
          },
          next.find((p) => p.id === req.id)!,
        );
      },
      'profiles:reorder': (req) => {
        const next = req.ids.map((id) => profiles.find((p) => p.id === id)!);
        return hold(() => {
          profiles = next;
          host.emit('profiles:changed', { profiles, groups });
        }, next);
      },
    });
    const store = createAppStore(host.api);
    const stop = startEventBridge(host.api, store);
    await store.getState().loadProfiles();
    const order = () => store.getState().groups.map((g) => g.id);
    const settle = async () => {
      while (held.length) {
        held.shift()!();
        await new Promise((r) => setTimeout(r, 0));
      }
    };

    // Two quick moves: the second is made on the screen's order while the first is on its way.
    const first = store.getState().reorderGroups(['z', 'x', 'y']);
    const second = store.getState().moveGroup('y', -1);
    expect(order()).toEqual(['z', 'y', 'x']);
    // The host takes the first: it tells its order (z, x, y) and answers it.
    held.shift()!();
    await first;
    expect(order()).toEqual(['z', 'y', 'x']);
    // A third move starts from what the screen shows, not from the first move's order.
    const third = store.getState().moveGroup('z', 1);
    expect(order()).toEqual(['y', 'z', 'x']);
    await settle();
    await Promise.all([second, third]);
    expect(order()).toEqual(['y', 'z', 'x']);
    expect(host.calls.filter((c) => c.channel === 'groups:reorder').map((c) => c.request)).toEqual([
      { ids: ['z', 'x', 'y'] },
      { ids: ['z', 'y', 'x'] },
      { ids: ['y', 'z', 'x'] },
    ]);

    // A profile moved into a group stays there while an earlier change is told.
    const placing = store.getState().placeProfile('b', 'x', null);
    expect(store.getState().profiles.find((p) => p.id === 'b')?.groupId).toBe('x');
    host.emit('profiles:changed', { profiles, groups });
    expect(store.getState().profiles.find((p) => p.id === 'b')?.groupId).toBe('x');
    await settle();
    await placing;
    await settle();
    expect(store.getState().profiles.find((p) => p.id === 'b')?.groupId).toBe('x');
    // With nothing on its way, what the host tells is what the screen shows.
    host.emit('profiles:changed', { profiles: [profile('c')], groups: [] });
    expect(store.getState().profiles.map((p) => p.id)).toEqual(['c']);
    expect(order()).toEqual([]);
    stop();
  });

  it('puts the old order back when the host refuses a reorder', async () => {
    const host = fakeHost({
      'profiles:list': () => okValue([profile('a'), profile('b')]),
      'groups:list': () => okValue([]),
      'profiles:reorder': () => ({ ok: false, error: { code: 'store-error', message: 'disk full' } }),
    });
    const store = createAppStore(host.api);
    await store.getState().loadProfiles();
    const r = await store.getState().moveProfile('b', -1);
    expect(r.ok).toBe(false);
    expect(store.getState().profiles.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('imports a page file as bytes, or by path where the host can read it', async () => {
    const host = fakeHost({
      'files:import': (req) =>
        okValue({ id: 'f1', slot: req.slot, kind: 'certificate', fileName: 'ca.pem', size: 3, importedAt: '2025-01-01T00:00:00.000Z' }),
    });
    const store = createAppStore(host.api);
    const file = new File([new Uint8Array([1, 2, 3])], 'ca.pem');
    await store.getState().importPageFile('ca', file);
    expect(host.calls.at(-1)?.request).toEqual({ slot: 'ca', file: { source: 'bytes', fileName: 'ca.pem', base64: 'AQID' } });
    host.setPathForFile(() => '/home/me/ca.pem');
    await store.getState().importPageFile('ca', file);
    expect(host.calls.at(-1)?.request).toEqual({ slot: 'ca', file: { source: 'path', path: '/home/me/ca.pem' } });
  });

  it('refuses an oversized file without sending it', async () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    const big = { name: 'huge.pem', size: 5 * 1024 * 1024, arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) };
    const r = await store.getState().importPageFile('cert', big);
    expect(r.ok ? null : r.error.code).toBe('file-too-large');
    expect(host.calls).toEqual([]);
  });

  it('loads recent reports and applies profile change events', async () => {
    const r1 = report('ok');
    const host = fakeHost({ 'reports:history': () => okValue([r1]) });
    const store = createAppStore(host.api);
    await store.getState().loadReports('a');
    expect(store.getState().reports.a?.[0]?.id).toBe(r1.id);
    store.getState().applyProfilesChanged({ profiles: [profile('z')], groups: [] });
    expect(store.getState().profiles.map((p) => p.id)).toEqual(['z']);
  });

  it('asks for as many reports as the settings keep', async () => {
    const host = fakeHost({ 'settings:get': () => okValue(appSettings({}, 12)), 'reports:history': () => okValue([]) });
    const store = createAppStore(host.api);
    await store.getState().loadSettings();
    await store.getState().loadReports('a');
    expect(host.calls.at(-1)?.request).toEqual({ profileId: 'a', limit: 12 });
  });
});
