import { cloudPreset, type PresetContext, type PresetSettings } from '../../../shared/connect/cloud-presets';
import type { PresetId } from '../../../shared/connect/settings';
import type { Protocol } from '../../../shared/connect/transport';
import type { SecretFlags } from '../../../shared/profile/profile';
import type { FormValues } from './profile-draft';

/** What the preset rules know of the identity, as the form holds it now. */
export function presetContext(v: FormValues, secrets?: SecretFlags): PresetContext {
  const file = v.identity === 'pem' ? v.material.cert : v.identity === 'pfx' ? v.material.pfx : null;
  const passwordGiven = typeof v.password === 'string' ? v.password !== '' : v.password === undefined && secrets?.hasPassword === true;
  return { clientCn: file?.summary?.commonName ?? null, hasClientCert: file !== null, passwordGiven };
}

/** The settings a preset reads, from the form's values. */
export function presetSettingsOf(v: FormValues): PresetSettings {
  return {
    protocol: v.protocol,
    host: v.host.trim(),
    port: Number(v.port) || 0,
    path: v.path.trim() || undefined,
    alpn: v.alpn.length > 0 ? v.alpn : undefined,
    servername: v.servername.trim() || undefined,
    useSystemCa: v.useSystemCa,
    mqttVersion: v.mqttVersion,
    clientId: v.clientId,
    username: v.username === '' ? undefined : v.username,
    verify: v.verify,
  };
}

/** One of the service's transports to switch to while applying (AWS's 443 with ALPN, Azure's wss …). */
export interface PresetTransport {
  protocol: Protocol;
  port: number;
  path?: string;
}

/** The form's values after applying preset `id` (on `transport`, when one is picked). */
export function applyPreset(v: FormValues, id: PresetId, secrets?: SecretFlags, transport?: PresetTransport): Partial<FormValues> {
  const start = presetSettingsOf(v);
  const base = transport ? { ...start, protocol: transport.protocol, port: transport.port, path: transport.path ?? start.path } : start;
  const out = cloudPreset(id).apply(base, presetContext(v, secrets));
  return {
    preset: id,
    protocol: out.protocol,
    port: out.port,
    path: out.path ?? v.path,
    alpn: out.alpn ? [...out.alpn] : [],
    servername: out.servername ?? '',
    useSystemCa: out.useSystemCa,
    mqttVersion: out.mqttVersion,
    clientId: out.clientId,
    username: out.username ?? '',
    verify: out.verify,
  };
}

/** Where the form's values break the chosen service's rules, one sentence each. */
export function presetNotes(v: FormValues, secrets?: SecretFlags): string[] {
  if (!v.preset) return [];
  return cloudPreset(v.preset).conventions(presetSettingsOf(v), presetContext(v, secrets));
}
