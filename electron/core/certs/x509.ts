// @peculiar/x509 with Node's WebCrypto. The library resolves its algorithm registry through
// tsyringe, which needs the Reflect metadata API loaded first: this module is the one place that
// imports the library, so the order is right wherever it is used.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** Node's WebCrypto, passed to every @peculiar/x509 call (no global provider is set). */
export const subtleCrypto = webcrypto;

export { x509 };
