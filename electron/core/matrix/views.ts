// What the renderer sees of saved matrices: rows with expectations and where each identity comes
// from; of rows with their own files, the file names and which secrets they have, never a value.
import type { MatrixListItem, MatrixRowView, MatrixTargetView, MatrixView } from '../../../shared/matrix/matrix-view';
import { brokerUrl } from '../../../shared/connect/settings';
import type { Profile } from '../../../shared/profile/profile';
import { matrixSlot, type StoredMatrix, type StoredMatrixRow } from '../store/matrix-document';

function targetView(m: StoredMatrix, profiles: readonly Profile[]): MatrixTargetView {
  const t = m.target;
  if (t.kind === 'lab') return { kind: 'lab', port: t.port, label: `the lab on ${brokerUrl('mqtts', 'localhost', t.port)}` };
  if (t.kind === 'profile') {
    const p = profiles.find((x) => x.id === t.profileId);
    const label = p ? `${p.name} (${brokerUrl(p.settings.protocol, p.settings.host, p.settings.port)})` : 'a deleted profile';
    return { kind: 'profile', profileId: t.profileId, label };
  }
  return { kind: 'address', label: brokerUrl(t.settings.protocol, t.settings.host, t.settings.port) };
}

function rowView(m: StoredMatrix, r: StoredMatrixRow, profiles: readonly Profile[], secrets: Record<string, unknown>): MatrixRowView {
  const s = r.source;
  const common = {
    id: r.id,
    name: r.name,
    expect: r.expect,
    ...(r.access !== undefined ? { access: r.access } : {}),
    ...(r.retries !== undefined ? { retries: r.retries } : {}),
  };
  if (s.kind === 'profile') {
    const p = profiles.find((x) => x.id === s.profileId);
    const cn = p?.material.cert?.summary?.commonName ?? p?.material.pfx?.summary?.commonName ?? null;
    return { ...common, commonName: cn, source: { kind: 'profile', profileId: s.profileId, profileName: p?.name ?? null } };
  }
  if (s.kind === 'lab') return { ...common, commonName: null, source: { kind: 'lab', identity: s.identity } };
  const has = (kind: Parameters<typeof matrixSlot>[0]) => secrets[matrixSlot(kind, m.id, r.id)] !== undefined;
  return {
    ...common,
    commonName: s.commonName,
    source: {
      kind: 'files',
      ...(s.certFileName ? { certFileName: s.certFileName } : {}),
      ...(s.keyFileName ? { keyFileName: s.keyFileName } : {}),
      ...(s.pfxFileName ? { pfxFileName: s.pfxFileName } : {}),
      ...(s.username !== undefined ? { username: s.username } : {}),
      hasPassword: has('password'),
      hasPassphrase: has('passphrase'),
      hasPfxPassword: has('pfxPassword'),
    },
  };
}

/** A saved matrix as the renderer sees it; `secrets` (clear or locked) only tells which secrets exist. */
export function matrixView(m: StoredMatrix, profiles: readonly Profile[], secrets: Record<string, unknown>): MatrixView {
  return {
    id: m.id,
    name: m.name,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    target: targetView(m, profiles),
    ...(m.accessCheck ? { accessCheck: m.accessCheck } : {}),
    rows: m.rows.map((r) => rowView(m, r, profiles, secrets)),
  };
}

/** A matrix in the list. */
export function matrixListItem(m: StoredMatrix, profiles: readonly Profile[]): MatrixListItem {
  return { id: m.id, name: m.name, updatedAt: m.updatedAt, target: targetView(m, profiles), rowCount: m.rows.length };
}
