// The PKCS#12 reader of the unlocking thread (unlock-worker.ts), as source text: Node built-ins
// only, for the same reason as the worker's own source. It runs after OpenSSL has opened the
// bundle there (createSecureContext checked the MAC and the password), and takes it apart into
// its first private key and its certificates, so that the main thread never decodes a costly
// bundle again: TLS gets them as PEM instead.
//
// RFC 7292: PFX { version, authSafe ContentInfo(data: SEQUENCE OF ContentInfo), macData }; each
// ContentInfo is `data` (SafeContents in clear) or `encryptedData` (SafeContents encrypted with a
// password-based scheme). Every derivation and decryption is OpenSSL's: PBES2 (RFC 8018 §6.2) is
// crypto.pbkdf2Sync + an AES/3DES-CBC decipher; shrouded keys go to createPrivateKey, which
// decrypts PKCS#8 in both schemes. The legacy PKCS#12 PBE (RFC 7292 Appendix B/C) has no
// Node API: its KDF is written out below, one native SHA-1 per iteration. RC2 and RC4 bundles
// never get here (OpenSSL 3 refuses them without its legacy provider; pkcs12.ts converts those).
// Anything it does not know throws, and the caller then loads the bundle as before.
//
// Kept free of backslashes, backticks and dollar-brace, as it lives in a template string.
export const PKCS12_WALK_SOURCE = `
const pkcs12Walk = (() => {
  const nodeCrypto = require('node:crypto');
  const OID_DATA = '1.2.840.113549.1.7.1';
  const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
  const OID_KEY_BAG = '1.2.840.113549.1.12.10.1.1';
  const OID_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
  const OID_CERT_BAG = '1.2.840.113549.1.12.10.1.3';
  const OID_SAFE_CONTENTS_BAG = '1.2.840.113549.1.12.10.1.6';
  const OID_X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
  const OID_PBES2 = '1.2.840.113549.1.5.13';
  const OID_PBKDF2 = '1.2.840.113549.1.5.12';
  // PBKDF2 PRFs (RFC 8018 B.1.2); absent means hmacWithSHA1.
  const PRF = {
    '1.2.840.113549.2.7': 'sha1',
    '1.2.840.113549.2.8': 'sha224',
    '1.2.840.113549.2.9': 'sha256',
    '1.2.840.113549.2.10': 'sha384',
    '1.2.840.113549.2.11': 'sha512',
  };
  // PBES2 encryption schemes: [cipher, key length].
  const CBC = {
    '2.16.840.1.101.3.4.1.2': ['aes-128-cbc', 16],
    '2.16.840.1.101.3.4.1.22': ['aes-192-cbc', 24],
    '2.16.840.1.101.3.4.1.42': ['aes-256-cbc', 32],
    '1.2.840.113549.3.7': ['des-ede3-cbc', 24],
  };
  // PKCS#12 PBE (RFC 7292 Appendix C), the ones OpenSSL 3 opens by default: [cipher, key length, IV length].
  const PBE = {
    '1.2.840.113549.1.12.1.3': ['des-ede3-cbc', 24, 8],
    '1.2.840.113549.1.12.1.4': ['des-ede-cbc', 16, 8],
  };
  const MAX_DEPTH = 16;

  const fail = (what) => {
    throw new Error('PKCS#12 structure: ' + what);
  };

  // One BER element at 'at': tag, contents [start, end), and where the next one begins.
  // Indefinite lengths (BER, as some exporters write) end at their end-of-contents octets.
  function element(b, at, limit, depth) {
    if ((depth || 0) > MAX_DEPTH * 4) fail('nested too deeply');
    if (at + 2 > limit) fail('truncated');
    const tag = b[at];
    if ((tag & 0x1f) === 0x1f) fail('unexpected tag');
    let length = b[at + 1];
    let start = at + 2;
    if (length === 0x80) {
      if ((tag & 0x20) === 0) fail('indefinite primitive');
      let p = start;
      for (;;) {
        if (p + 2 > limit) fail('truncated');
        if (b[p] === 0 && b[p + 1] === 0) break;
        p = element(b, p, limit, (depth || 0) + 1).next;
      }
      return { tag, at, start, end: p, next: p + 2 };
    }
    if (length & 0x80) {
      const n = length & 0x7f;
      if (n === 0 || n > 4 || start + n > limit) fail('bad length');
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + b[start + i];
      start += n;
    }
    if (start + length > limit) fail('truncated');
    return { tag, at, start, end: start + length, next: start + length };
  }

  function children(b, e) {
    const out = [];
    for (let at = e.start; at < e.end; ) {
      const c = element(b, at, e.end, 0);
      out.push(c);
      at = c.next;
    }
    return out;
  }

  function expect(e, tag, what) {
    if (!e || e.tag !== tag) fail(what);
    return e;
  }

  // The bytes of an OCTET STRING, primitive or (BER) constructed from chunks.
  function octets(b, e, depth) {
    if ((e.tag & 0x20) === 0) return b.subarray(e.start, e.end);
    if ((depth || 0) > MAX_DEPTH) fail('nested too deeply');
    return Buffer.concat(children(b, e).map((c) => octets(b, c, (depth || 0) + 1)));
  }

  function oid(b, e) {
    expect(e, 0x06, 'OBJECT IDENTIFIER expected');
    const arcs = [];
    let value = 0;
    for (let i = e.start; i < e.end; i++) {
      value = value * 128 + (b[i] & 0x7f);
      if ((b[i] & 0x80) === 0) {
        if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
        else arcs.push(value);
        value = 0;
      }
    }
    return arcs.join('.');
  }

  function integer(b, e) {
    expect(e, 0x02, 'INTEGER expected');
    if (e.end - e.start > 6 || b[e.start] & 0x80) fail('integer out of range');
    let value = 0;
    for (let i = e.start; i < e.end; i++) value = value * 256 + b[i];
    return value;
  }

  // [0] EXPLICIT x: x.
  function explicit0(b, e) {
    expect(e, 0xa0, '[0] expected');
    return element(b, e.start, e.end, 0);
  }

  function parseAll(bytes) {
    const e = element(bytes, 0, bytes.length, 0);
    if (e.tag !== 0x30 || e.next !== bytes.length) fail('SEQUENCE expected');
    return e;
  }

  const sha1 =
    typeof nodeCrypto.hash === 'function'
      ? (data) => nodeCrypto.hash('sha1', data, 'buffer')
      : (data) => nodeCrypto.createHash('sha1').update(data).digest();

  // RFC 7292 Appendix B.2 with SHA-1 (u = 20, v = 64): id 1 derives the key, 2 the IV.
  function pkcs12Kdf(password, salt, id, iterations, length) {
    const v = 64;
    const stretch = (x) => {
      const out = Buffer.alloc(x.length === 0 ? 0 : v * Math.ceil(x.length / v));
      for (let i = 0; i < out.length; i++) out[i] = x[i % x.length];
      return out;
    };
    const input = Buffer.concat([stretch(salt), stretch(password)]);
    const blocks = [];
    for (let got = 0; got < length; got += 20) {
      let a = sha1(Buffer.concat([Buffer.alloc(v, id), input]));
      for (let i = 1; i < iterations; i++) a = sha1(a);
      blocks.push(a);
      if (got + 20 >= length) break;
      const b = stretch(a);
      for (let j = 0; j < input.length; j += v) {
        let carry = 1;
        for (let k = v - 1; k >= 0; k--) {
          carry += input[j + k] + b[k];
          input[j + k] = carry & 0xff;
          carry >>= 8;
        }
      }
    }
    return Buffer.concat(blocks).subarray(0, length);
  }

  // The password as the PKCS#12 KDF takes it: UTF-16BE with two zero bytes at the end. OpenSSL
  // opens a bundle with no password either as "" (those two bytes) or as none at all; both are tried.
  function bmpPasswords(password) {
    const text = password || '';
    const bmp = Buffer.concat([Buffer.from(text, 'utf16le').swap16(), Buffer.alloc(2)]);
    return text === '' ? [Buffer.alloc(0), bmp] : [bmp];
  }

  function decipher(cipher, key, iv, data) {
    const d = nodeCrypto.createDecipheriv(cipher, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  }

  // EncryptedContentInfo's algorithm and ciphertext: the plaintext SafeContents.
  function decrypt(b, algorithm, data, password) {
    const [idE, params] = children(b, expect(algorithm, 0x30, 'AlgorithmIdentifier expected'));
    const id = oid(b, idE);
    if (id === OID_PBES2) {
      const [kdf, scheme] = children(b, expect(params, 0x30, 'PBES2 parameters expected'));
      const [kdfId, kdfParams] = children(b, expect(kdf, 0x30, 'KDF expected'));
      if (oid(b, kdfId) !== OID_PBKDF2) fail('key derivation other than PBKDF2');
      const [salt, iterations, ...rest] = children(b, expect(kdfParams, 0x30, 'PBKDF2 parameters expected'));
      let prf = 'sha1';
      let keyLength = null;
      for (const r of rest) {
        if (r.tag === 0x02) keyLength = integer(b, r);
        else if (r.tag === 0x30) prf = PRF[oid(b, children(b, r)[0])] || fail('unknown PBKDF2 PRF');
      }
      const [cipherId, iv] = children(b, expect(scheme, 0x30, 'encryption scheme expected'));
      const cipher = CBC[oid(b, cipherId)] || fail('unknown PBES2 cipher');
      const pass = Buffer.from(password || '', 'utf8');
      const key = nodeCrypto.pbkdf2Sync(pass, octets(b, expect(salt, 0x04, 'salt expected')), integer(b, iterations), keyLength || cipher[1], prf);
      return decipher(cipher[0], key, octets(b, expect(iv, 0x04, 'IV expected')), data);
    }
    const pbe = PBE[id] || fail('encryption ' + id + ' not read here');
    const [salt, iterations] = children(b, expect(params, 0x30, 'PBE parameters expected'));
    const s = octets(b, expect(salt, 0x04, 'salt expected'));
    const n = Math.max(1, integer(b, iterations));
    let last = null;
    for (const pass of bmpPasswords(password)) {
      try {
        const plain = decipher(pbe[0], pkcs12Kdf(pass, s, 1, n, pbe[1]), pkcs12Kdf(pass, s, 2, n, pbe[2]), data);
        parseAll(plain);
        return plain;
      } catch (e) {
        last = e;
      }
    }
    throw last;
  }

  function safeContents(b, seq, password, found, depth) {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    for (const bag of children(b, expect(seq, 0x30, 'SafeContents expected'))) {
      const [idE, valueE] = children(b, expect(bag, 0x30, 'SafeBag expected'));
      const id = oid(b, idE);
      const value = explicit0(b, valueE);
      if (id === OID_CERT_BAG) {
        const [typeE, certE] = children(b, expect(value, 0x30, 'CertBag expected'));
        // OpenSSL reads X.509 certificate bags only (not SDSI ones).
        if (oid(b, typeE) === OID_X509_CERTIFICATE) found.certs.push(new Uint8Array(octets(b, explicit0(b, certE))));
      } else if ((id === OID_KEY_BAG || id === OID_SHROUDED_KEY_BAG) && !found.key) {
        // OpenSSL's PKCS12_parse keeps the first key of the bundle, as here.
        const der = b.subarray(value.at, value.next);
        found.key =
          id === OID_KEY_BAG
            ? nodeCrypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
            : nodeCrypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase: password || '' });
      } else if (id === OID_SAFE_CONTENTS_BAG) {
        safeContents(b, value, password, found, depth + 1);
      }
    }
  }

  /** The first private key (a KeyObject) and every certificate (DER, bundle order) of a PFX. */
  return function pkcs12Walk(der, password) {
    const b = Buffer.from(der);
    const [version, authSafe] = children(b, parseAll(b));
    if (integer(b, version) !== 3) fail('version 3 expected');
    const [typeE, wrapped] = children(b, expect(authSafe, 0x30, 'authSafe expected'));
    if (oid(b, typeE) !== OID_DATA) fail('only password integrity is read here');
    const safes = Buffer.from(octets(b, explicit0(b, wrapped)));
    const found = { key: null, certs: [] };
    for (const info of children(safes, parseAll(safes))) {
      const [infoType, infoWrapped] = children(safes, expect(info, 0x30, 'ContentInfo expected'));
      const type = oid(safes, infoType);
      if (type === OID_DATA) {
        const plain = Buffer.from(octets(safes, explicit0(safes, infoWrapped)));
        safeContents(plain, parseAll(plain), password, found, 0);
      } else if (type === OID_ENCRYPTED_DATA) {
        // EncryptedData { version, EncryptedContentInfo { contentType, algorithm, [0] IMPLICIT ciphertext } }
        const [, eci] = children(safes, expect(explicit0(safes, infoWrapped), 0x30, 'EncryptedData expected'));
        const [, algorithm, encrypted] = children(safes, expect(eci, 0x30, 'EncryptedContentInfo expected'));
        if (!encrypted || (encrypted.tag & 0xdf) !== 0x80) fail('no encrypted content');
        const plain = decrypt(safes, algorithm, octets(safes, encrypted), password);
        safeContents(plain, parseAll(plain), password, found, 0);
      } else {
        fail('content type ' + type + ' not read here');
      }
    }
    return found;
  };
})();
`;
