// Edits of the lab's built-in table (CN → password hash + topic rights), made in the app: add a
// CN, change its password or its topic rights, remove it. The demo identities of a CN follow the
// table: their `tablePassword` is what the table now holds, so the identities table, the Redis
// script and "password on demand" stay true.
import type { LabTableEdit } from '../../../shared/lab/lab-api';
import { OWN_TOPIC_RIGHTS, type AuthTableEntry } from '../../../shared/lab/lab-config';
import { err, ok, type Result } from '../../../shared/result';
import { storedPassword } from '../certs/redis-script';
import type { LabState } from './lab-pki';

export interface TableEditError {
  code: 'not-found' | 'invalid-request';
  message: string;
}

/** The hash the lab keeps new passwords in, as its issued table does (salted SHA-256, hex). */
const HASH = 'sha256-salt-prefix';

/** The state after `edit`; the state given is not changed. */
export async function editLabTable(state: LabState, edit: LabTableEdit): Promise<Result<LabState, TableEditError>> {
  const cn = edit.commonName;
  const index = state.table.findIndex((e) => e.commonName === cn);
  if (edit.kind === 'remove') {
    if (index < 0) return err({ code: 'not-found', message: `The built-in table has no entry for CN "${cn}".` });
    return ok({
      ...state,
      table: state.table.filter((_, i) => i !== index),
      identities: state.identities.map((i) => (i.commonName === cn ? { ...i, tablePassword: null } : i)),
    });
  }
  let password: string | null = null;
  if (edit.password && 'text' in edit.password) password = edit.password.text;
  else if (edit.password) {
    const name = edit.password.identity;
    const identity = state.identities.find((i) => i.name === name);
    if (!identity) return err({ code: 'not-found', message: `The lab has no identity "${name}".` });
    password = identity.password;
  }
  const old = index < 0 ? null : state.table[index]!;
  if (old === null && password === null) {
    return err({ code: 'invalid-request', message: `A new entry needs a password: CN "${cn}" is not in the built-in table yet.` });
  }
  let entry: AuthTableEntry = { ...(old ?? { commonName: cn, hash: HASH, value: '', rights: OWN_TOPIC_RIGHTS }) };
  if (edit.rights) entry = { ...entry, rights: edit.rights };
  if (password !== null) {
    const stored = await storedPassword(password, HASH, 10);
    const { salt: _drop, ...rest } = entry;
    entry = { ...rest, hash: HASH, value: stored.value, ...(stored.salt === undefined ? {} : { salt: stored.salt }) };
  }
  const table = index < 0 ? [...state.table, entry] : state.table.map((e, i) => (i === index ? entry : e));
  const identities =
    password === null ? state.identities : state.identities.map((i) => (i.commonName === cn ? { ...i, tablePassword: password } : i));
  return ok({ ...state, table, identities });
}
