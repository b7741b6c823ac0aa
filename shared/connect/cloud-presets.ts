/**
 * Cloud MQTT services, each with what it requires of a connection (ports, ALPN, trust, how the
 * client id and username are formed) and its own rules, which the report uses to explain a
 * refusal in the service's terms. One table for the profile form, the CLI's `--preset` and the
 * probe's explanations. The rules are the services' documented ones; where a service answers
 * a refusal in a way of its own (AWS closing without a CONNACK), the explanation says so.
 */
import type { Cause } from './report';
import type { ConnectSettings, PresetId } from './settings';
import { hostInUrl } from './settings';
import type { Protocol } from './transport';

/** What the preset rules look at beside the settings: facts of the client identity. */
export interface PresetContext {
  /** The CN of the client certificate, when one is configured. */
  clientCn: string | null;
  /** Whether a client certificate (or PKCS#12 bundle) is configured. */
  hasClientCert: boolean;
  /** Whether an MQTT password goes with the attempt. */
  passwordGiven: boolean;
}

/** The settings a preset fills in and checks. */
export type PresetSettings = Pick<
  ConnectSettings,
  'protocol' | 'host' | 'port' | 'path' | 'alpn' | 'servername' | 'useSystemCa' | 'mqttVersion' | 'clientId' | 'username' | 'verify'
>;

export interface CloudPreset {
  id: PresetId;
  /** The service's name, as it calls itself. */
  title: string;
  /** One line for the form: what the preset sets. */
  summary: string;
  /** An example host, for the form's placeholder. */
  hostExample: string;
  /** The transports the service offers, each with its port (and WebSocket path). */
  transports: readonly { protocol: Protocol; port: number; path?: string; alpn?: readonly string[]; label: string }[];
  /** Fills what the service requires into `s` (a new object); keeps what the user chose where the service allows a choice. */
  apply(s: PresetSettings, ctx: PresetContext): PresetSettings;
  /** Where these settings break the service's rules: one sentence each (reported as notes). */
  conventions(s: PresetSettings, ctx: PresetContext): string[];
  /** The service's own reading of a cause, added to the report's explanation; null when it adds nothing. */
  explain(cause: Cause, s: PresetSettings, ctx: PresetContext): string | null;
}

const isAddress = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
const without = <T>(list: readonly T[] | undefined, x: T) => (list ?? []).filter((v) => v !== x);

/** AWS's ALPN name for MQTT with an X.509 client certificate on port 443. */
export const AWS_ALPN = 'x-amzn-mqtt-ca';
/** The api-version Azure IoT Hub documents for MQTT device usernames. */
export const AZURE_API_VERSION = '2021-04-12';
/** Azure IoT Hub's WebSocket path. */
export const AZURE_WS_PATH = '/$iothub/websocket';

/** The region of an AWS IoT data endpoint (`…-ats.iot.REGION.amazonaws.com`), if the host is one. */
export const awsRegion = (host: string): string | null => /\.iot\.([a-z0-9-]+)\.amazonaws\.com$/i.exec(host)?.[1] ?? null;

/** The username Azure IoT Hub requires of a device: `{hub host}/{device id}/?api-version=…`. */
export const azureUsername = (host: string, deviceId: string): string => `${host}/${deviceId}/?api-version=${AZURE_API_VERSION}`;

const aws: CloudPreset = {
  id: 'aws-iot-core',
  title: 'AWS IoT Core',
  summary:
    'mqtts:// on 8883, or 443 with ALPN x-amzn-mqtt-ca; X.509 client certificate; client id = thing name; Amazon Root CA from the system store.',
  hostExample: 'a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com',
  transports: [
    { protocol: 'mqtts', port: 8883, label: 'mqtts:// 8883' },
    { protocol: 'mqtts', port: 443, alpn: [AWS_ALPN], label: 'mqtts:// 443 (ALPN x-amzn-mqtt-ca)' },
  ],
  apply(s) {
    // AWS routes port 443 by ALPN: x-amzn-mqtt-ca is MQTT with an X.509 client certificate.
    const on443 = s.port === 443;
    return {
      ...s,
      protocol: 'mqtts',
      port: s.port === 443 ? 443 : 8883,
      alpn: on443 ? [AWS_ALPN, ...without(s.alpn, AWS_ALPN)] : without(s.alpn, AWS_ALPN).length ? without(s.alpn, AWS_ALPN) : undefined,
      useSystemCa: true,
      verify: 'full',
    };
  },
  conventions(s, ctx) {
    const out: string[] = [];
    if (s.port === 443 && !(s.alpn ?? []).includes(AWS_ALPN))
      out.push(`AWS IoT Core takes MQTT with a client certificate on port 443 only with ALPN ${AWS_ALPN}; without it, 443 is HTTPS.`);
    if (!ctx.hasClientCert) out.push('AWS IoT Core authenticates MQTT devices by their X.509 client certificate, and none is configured.');
    if (s.clientId === '')
      out.push('AWS IoT Core needs a client id: use the thing name, which thing policies match with ${iot:Connection.Thing.ThingName}.');
    if (isAddress(s.host) && !s.servername)
      out.push('AWS IoT Core picks the account and endpoint by SNI: connect by the endpoint name, or set it as the server name.');
    return out;
  },
  explain(cause, s, ctx) {
    const region = awsRegion(s.servername ?? s.host) ?? 'REGION';
    const resource = `arn:aws:iot:${region}:ACCOUNT:client/${s.clientId || 'CLIENT_ID'}`;
    switch (cause) {
      case 'closed-before-connack':
        return (
          `AWS IoT Core closes the connection this way, after a handshake that accepted ${ctx.clientCn ? `"${ctx.clientCn}"` : 'the certificate'}, most often because the IoT policy attached to the certificate does not allow iot:Connect for the client id "${s.clientId}" (resource ${resource}). ` +
          'Check in the AWS IoT console that the certificate is Active and attached to a policy whose iot:Connect resource matches this client id; a policy using ${iot:Connection.Thing.ThingName} also needs the client id to be the thing name and the certificate attached to that thing. ' +
          'A second connection with the same client id also closes the first one.'
        );
      case 'connack-not-authorized':
        return `AWS IoT Core answers this when the policy attached to the certificate does not allow iot:Connect on ${resource}.`;
      case 'tls-alpn-rejected':
        return `On port 443 AWS IoT Core expects ALPN ${AWS_ALPN} for MQTT with a client certificate.`;
      case 'not-mqtt':
        // AWS routes port 443 by ALPN: a connection without x-amzn-mqtt-ca reaches its HTTPS endpoint.
        return (s.alpn ?? []).includes(AWS_ALPN)
          ? null
          : `Offered without ALPN ${AWS_ALPN}, AWS IoT Core's port 443 speaks HTTPS, not MQTT: use the 443 transport of this preset (it offers ${AWS_ALPN}) or port 8883.`;
      case 'client-cert-unknown-ca':
      case 'client-cert-rejected':
      case 'client-cert-bad':
      case 'client-cert-revoked':
        return 'AWS IoT Core accepts only certificates registered in the account and Active (or issued by a CA registered for it): check the certificate in the AWS IoT console.';
      case 'client-cert-required':
        return 'AWS IoT Core authenticates MQTT devices on this port by their X.509 client certificate.';
      default:
        return null;
    }
  },
};

const azure: CloudPreset = {
  id: 'azure-iot-hub',
  title: 'Azure IoT Hub',
  summary: `mqtts:// on 8883 (or wss:// on 443, ${AZURE_WS_PATH}); MQTT 3.1.1; client id = device id; username {hub}.azure-devices.net/{device id}/?api-version=${AZURE_API_VERSION}; an X.509 device's CN = device id.`,
  hostExample: 'my-hub.azure-devices.net',
  transports: [
    { protocol: 'mqtts', port: 8883, label: 'mqtts:// 8883' },
    { protocol: 'wss', port: 443, path: AZURE_WS_PATH, label: `wss:// 443 ${AZURE_WS_PATH}` },
  ],
  apply(s, ctx) {
    const ws = s.protocol === 'wss' || s.protocol === 'ws';
    const deviceId = s.clientId || ctx.clientCn || '';
    return {
      ...s,
      protocol: ws ? 'wss' : 'mqtts',
      port: ws ? 443 : 8883,
      path: ws ? AZURE_WS_PATH : undefined,
      mqttVersion: '3.1.1',
      clientId: deviceId,
      username: deviceId ? azureUsername(s.host, deviceId) : s.username,
      useSystemCa: true,
      verify: 'full',
    };
  },
  conventions(s, ctx) {
    const out: string[] = [];
    if (s.clientId === '') out.push('IoT Hub needs the device id as the client id.');
    else if (s.username !== azureUsername(s.host, s.clientId))
      out.push(
        `IoT Hub expects the username "${azureUsername(s.host, s.clientId)}" for device "${s.clientId}"; this profile sends ${s.username ? `"${s.username}"` : 'none'}.`,
      );
    if (ctx.hasClientCert && ctx.clientCn !== null && s.clientId !== '' && ctx.clientCn !== s.clientId)
      out.push(`IoT Hub matches a CA-signed device certificate by its CN: "${ctx.clientCn}" is not the device id "${s.clientId}".`);
    if (!ctx.hasClientCert && !ctx.passwordGiven)
      out.push('IoT Hub needs an X.509 certificate or a SAS token (as the password), and neither is configured.');
    if (s.mqttVersion === '5') out.push('IoT Hub devices speak MQTT 3.1.1 (MQTT 5 is a preview on another API version).');
    return out;
  },
  explain(cause, s, ctx) {
    const device = s.clientId || 'DEVICE_ID';
    switch (cause) {
      case 'connack-protocol-unsupported':
        return 'IoT Hub devices speak MQTT 3.1.1: set the MQTT version to 3.1.1.';
      case 'connack-client-id-rejected':
        return `IoT Hub rejects a client id that is not the device id named in the username (${azureUsername(s.host, device)}).`;
      case 'connack-server-unavailable':
        return `IoT Hub answers this when the device "${device}" is disabled in the hub, or the hub is throttling: check the device's status.`;
      case 'connack-bad-credentials':
        return `IoT Hub answers this when the username is not "${azureUsername(s.host, device)}", or the SAS token in the password is wrong or expired.`;
      case 'connack-not-authorized':
        return ctx.hasClientCert
          ? `IoT Hub answers this when no device "${device}" with X.509 authentication exists in this hub, or its certificate does not match: a CA-signed certificate needs CN "${device}", a self-signed one its thumbprint registered on the device.`
          : `IoT Hub answers this when no device "${device}" exists in this hub, or it does not use SAS authentication.`;
      case 'closed-before-connack':
        return 'IoT Hub closes a connection without a CONNACK when it cannot authenticate it at all (a device using X.509 that presented no certificate, a malformed username).';
      default:
        return null;
    }
  },
};

const emqx: CloudPreset = {
  id: 'emqx',
  title: 'EMQX (one device, one secret)',
  summary:
    "mqtts:// on 8883; the client certificate's CN is the identity (peer_cert_as_username = cn) and the username; a password per device.",
  hostExample: 'broker.emqx.example',
  transports: [
    { protocol: 'mqtts', port: 8883, label: 'mqtts:// 8883' },
    { protocol: 'wss', port: 8084, path: '/mqtt', label: 'wss:// 8084 /mqtt' },
  ],
  apply(s, ctx) {
    const ws = s.protocol === 'wss' || s.protocol === 'ws';
    return {
      ...s,
      protocol: ws ? 'wss' : 'mqtts',
      port: ws ? 8084 : 8883,
      path: ws ? '/mqtt' : undefined,
      username: ctx.clientCn ?? s.username,
      verify: 'full',
    };
  },
  conventions(s, ctx) {
    const out: string[] = [];
    if (!ctx.hasClientCert)
      out.push('One device, one secret: EMQX takes the identity from the client certificate, and none is configured.');
    if (ctx.clientCn !== null && s.username !== undefined && s.username !== ctx.clientCn)
      out.push(`With peer_cert_as_username = cn EMQX uses the CN "${ctx.clientCn}" as the username, not "${s.username}".`);
    if (!ctx.passwordGiven) out.push("One device, one secret: EMQX checks the device's password too, and none is given.");
    return out;
  },
  explain(cause, _s, ctx) {
    const cn = ctx.clientCn ? `"${ctx.clientCn}"` : "the certificate's CN";
    switch (cause) {
      case 'connack-not-authorized':
      case 'connack-bad-credentials':
        return `EMQX took ${cn} as the username (peer_cert_as_username = cn) and looked its password up in the auth source (e.g. Redis HMGET mqtt_user:${ctx.clientCn ?? '${username}'} password): either no entry exists for it, or the password differs.`;
      case 'client-cert-unknown-ca':
        return "EMQX's listener trusts the CA in its ssl_options.cacertfile.";
      default:
        return null;
    }
  },
};

const hivemq: CloudPreset = {
  id: 'hivemq-cloud',
  title: 'HiveMQ Cloud',
  summary:
    'mqtts:// on 8883 (or wss:// on 8884, /mqtt); username and password of a cluster credential; SNI with the cluster host name; its CA from the system store.',
  hostExample: '0123456789abcdef.s1.eu.hivemq.cloud',
  transports: [
    { protocol: 'mqtts', port: 8883, label: 'mqtts:// 8883' },
    { protocol: 'wss', port: 8884, path: '/mqtt', label: 'wss:// 8884 /mqtt' },
  ],
  apply(s) {
    const ws = s.protocol === 'wss' || s.protocol === 'ws';
    return {
      ...s,
      protocol: ws ? 'wss' : 'mqtts',
      port: ws ? 8884 : 8883,
      path: ws ? '/mqtt' : undefined,
      useSystemCa: true,
      verify: 'full',
    };
  },
  conventions(s, ctx) {
    const out: string[] = [];
    if (isAddress(s.host) && !s.servername)
      out.push(
        `HiveMQ Cloud routes each connection to its cluster by SNI, and an address (${hostInUrl(s.host)}) sends none: connect by the cluster host name.`,
      );
    if (!s.username || !ctx.passwordGiven)
      out.push('HiveMQ Cloud authenticates with the username and password of a credential made in the cluster.');
    return out;
  },
  explain(cause, s) {
    const sni = s.servername ?? (isAddress(s.host) ? null : s.host);
    switch (cause) {
      case 'tls-not-spoken':
      case 'tls-handshake-failed':
      case 'closed-before-connack':
        return sni
          ? null
          : 'HiveMQ Cloud needs SNI to find the cluster, and this attempt sent none (an address as the host): connect by the cluster host name.';
      case 'connack-bad-credentials':
      case 'connack-not-authorized':
        return "HiveMQ Cloud accepts the username and password of a credential made in the cluster's Access Management; check both, and the credential's permissions.";
      default:
        return null;
    }
  },
};

/** Every preset, in the order the form lists them. */
export const CLOUD_PRESETS: readonly CloudPreset[] = [aws, azure, emqx, hivemq];

/** The preset with this id. */
export const cloudPreset = (id: PresetId): CloudPreset => CLOUD_PRESETS.find((p) => p.id === id)!;
