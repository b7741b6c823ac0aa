/** Client ids Keyhole makes up: `keyhole` and 8 hex digits (within MQTT 3.1.1's 23-character advice, §3.1.3.1). */
const GENERATED = /^keyhole[0-9a-f]{8}$/;

/** A fresh client id in Keyhole's generated form. */
export function generateClientId(random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += Math.floor(random() * 16).toString(16);
  return `keyhole${s}`;
}

/** True for an id Keyhole generated, as opposed to one the user chose (often a device identity). */
export const isGeneratedClientId = (id: string): boolean => GENERATED.test(id);
