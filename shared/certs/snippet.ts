// TLS configuration blocks for the brokers people test against, from a CA and a broker certificate.
import { z } from 'zod';

export const SnippetBroker = z.enum(['mosquitto', 'nanomq', 'emqx']);
export type SnippetBroker = z.infer<typeof SnippetBroker>;

export const SnippetRequest = z.object({
  broker: SnippetBroker,
  port: z.number().int().min(1).max(65535).default(8883),
  /** Address to bind; absent: all interfaces (the broker's default). */
  bind: z.string().max(253).optional(),
  /** Paths as the broker will see them. */
  caFile: z.string().min(1),
  certFile: z.string().min(1),
  keyFile: z.string().min(1),
  crlFile: z.string().min(1).optional(),
  /** The broker key's passphrase (NanoMQ `key_password`, EMQX `password`); mosquitto cannot take one. */
  keyPassword: z.string().optional(),
  /** Ask for and verify a client certificate (two-way TLS). */
  requireCertificate: z.boolean().default(true),
  /** Take the client certificate's CN as the MQTT username. */
  useIdentityAsUsername: z.boolean().default(true),
});
export type SnippetRequest = z.input<typeof SnippetRequest>;
