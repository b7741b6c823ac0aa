/**
 * "Make a profile" from an identity the workbench kept: the CA that anchors it, its certificate,
 * its key and secrets become a saved profile, the files imported into it like any other.
 */
import { Buffer } from 'node:buffer';
import { MakeProfileRequest } from '../../../shared/certs/workbench';
import { defaultSettings } from '../../../shared/connect/settings';
import type { ApiError } from '../../../shared/ipc/contract';
import type { MaterialRef, MaterialSlot, Profile } from '../../../shared/profile/profile';
import { err, ok, type Result } from '../../../shared/result';
import { inspectMaterial } from '../certs/material-file';
import { workbenchSlot } from '../store/workbench-document';
import { fileStem, type WorkbenchContext } from './context';
import { chainCertificates } from './issue-identity';
import { findCa } from './saved-ca';

/** Creates the profile (named after the CN unless a name is given) and stores its secrets. */
export async function makeProfile(ctx: WorkbenchContext, input: MakeProfileRequest): Promise<Result<Profile, ApiError>> {
  const request = MakeProfileRequest.parse(input);
  const wb = ctx.profiles.workbench();
  const ca = findCa(wb, request.caId);
  if (!ca.ok) return ca;
  const serial = request.serialNumber.toUpperCase();
  const record = ca.value.record.issued.find((r) => r.serialNumber === serial);
  const kept = ca.value.kept.find((k) => k.serialNumber === serial);
  if (!record || !kept)
    return err({ code: 'not-found', message: `The CA "${ca.value.record.commonName}" kept no identity with serial ${serial}.` });
  const slot = (kind: 'key' | 'passphrase' | 'password') => wb.secrets[workbenchSlot(kind, ca.value.id, serial)];
  const keyPem = slot('key');
  if (keyPem === undefined) {
    const why = wb.locked[workbenchSlot('key', ca.value.id, serial)]?.reason ?? 'its key is not in the store';
    return err({ code: 'store-error', message: `No profile can be made from "${record.commonName}": ${why}` });
  }
  const passphrase = slot('passphrase');
  const password = slot('password');
  const now = ctx.now();
  const stem = fileStem(record.commonName);
  const chain = chainCertificates(ca.value.chainPem);
  // The broker's certificate is most likely from the same PKI: trust its root.
  const root = chain[chain.length - 1]!;
  const stage = (slotName: MaterialSlot, fileName: string, text: string, secret?: string): MaterialRef => {
    const bytes = Buffer.from(text);
    const ref = inspectMaterial(slotName, fileName, bytes, now, ctx.newId(), secret);
    ctx.profiles.stageFile(ref, bytes);
    return ref;
  };
  const material = {
    ca: [stage('ca', `${fileStem(ca.value.record.commonName)}-root.pem`, root.toString())],
    cert: stage('cert', `${stem}.pem`, kept.certPem),
    key: stage('key', `${stem}-key.pem`, keyPem, passphrase),
    pfx: null,
  };
  const saved = await ctx.profiles.saveProfile({
    name: request.name ?? record.commonName,
    groupId: null,
    settings: defaultSettings({
      host: request.host,
      port: request.port,
      // One device, one identity: the CN is its client id and (with a password) its username.
      clientId: record.commonName,
      ...(password !== undefined ? { username: record.commonName } : {}),
    }),
    material,
    notes: `Made from the certificate workbench: "${record.commonName}" (serial ${serial}) issued by "${ca.value.record.commonName}".`,
  });
  if (!saved.ok || (passphrase === undefined && password === undefined)) return saved;
  const flags = await ctx.profiles.setSecrets(saved.value.id, {
    ...(passphrase !== undefined ? { passphrase } : {}),
    ...(password !== undefined ? { password } : {}),
  });
  return flags.ok ? ok({ ...saved.value, secrets: flags.value }) : flags;
}
