// `keyhole cert snippet mosquitto|nanomq|emqx`: the broker's TLS block for a CA and a broker certificate.
import { resolve } from 'node:path';
import { Command, Argument } from 'commander';
import { SnippetBroker } from '../../../shared/certs/snippet';
import { brokerSnippet } from '../../core/certs/snippets';
import { CERT_EXIT, UsageError } from '../exit-codes';
import { action, intFlag, secretFromEnv, writeOutput } from './cli-io';

interface SnippetFlags {
  ca: string;
  cert: string;
  key: string;
  crl?: string;
  port: string;
  bind?: string;
  keyPasswordEnv?: string;
  requireCertificate: boolean;
  identityAsUsername: boolean;
  out?: string;
  force?: boolean;
}

export function snippetCommand(cert: Command): void {
  cert
    .command('snippet')
    .description('print the TLS listener configuration for a broker (paths are made absolute)')
    .addArgument(new Argument('<broker>', 'the broker').choices(SnippetBroker.options))
    .requiredOption('--ca <file>', 'CA certificate that verifies client certificates')
    .requiredOption('--cert <file>', "the broker's certificate (chain)")
    .requiredOption('--key <file>', "the broker's private key")
    .option('--crl <file>', 'CRL file (mosquitto crlfile)')
    .option('--port <n>', 'listener port', '8883')
    .option('--bind <address>', 'address to bind')
    .option('--key-password-env <var>', "environment variable holding the broker key's passphrase (NanoMQ, EMQX)")
    .option('--no-require-certificate', 'one-way TLS: do not ask clients for a certificate')
    .option('--no-identity-as-username', "do not take the client certificate's CN as the username")
    .option('--out <file>', 'write the snippet to this file instead of printing it')
    .option('--force', 'overwrite --out')
    .action(action('snippet', (broker: SnippetBroker, flags: SnippetFlags) => runSnippet(broker, flags)));
}

async function runSnippet(broker: SnippetBroker, flags: SnippetFlags): Promise<number> {
  const keyPassword = secretFromEnv('--key-password-env', flags.keyPasswordEnv);
  if (keyPassword !== undefined && !flags.out)
    throw new UsageError('the snippet would hold the key password: write it to a file with --out');
  const snippet = brokerSnippet({
    broker,
    port: intFlag('--port', flags.port, 1, 65535) ?? 8883,
    bind: flags.bind,
    caFile: resolve(flags.ca),
    certFile: resolve(flags.cert),
    keyFile: resolve(flags.key),
    crlFile: flags.crl ? resolve(flags.crl) : undefined,
    keyPassword,
    requireCertificate: flags.requireCertificate,
    useIdentityAsUsername: flags.identityAsUsername,
  });
  if (!snippet.ok) throw new UsageError(snippet.error.message);
  if (flags.out) {
    await writeOutput(resolve(flags.out), snippet.value, { secret: keyPassword !== undefined, force: Boolean(flags.force) });
    console.log(`wrote ${resolve(flags.out)}`);
  } else process.stdout.write(snippet.value);
  return CERT_EXIT.ok;
}
