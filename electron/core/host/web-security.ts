/**
 * What both hosts send with the renderer: its Content-Security-Policy and the mapping of a URL
 * path to a file of the built renderer (no way out of its folder).
 */
import { extname, resolve, sep } from 'node:path';

/**
 * The renderer's CSP. Scripts only from the app itself; inline styles are allowed because the
 * UI library sets CSS variables through style elements; `connect-src` names the WebSocket the
 * web host serves (CSP 'self' does not cover ws: in every browser).
 */
export function contentSecurityPolicy(options: { connect?: string[]; dev?: boolean } = {}): string {
  const dev = options.dev === true;
  return [
    "default-src 'self'",
    // The dev server's React refresh preamble is an inline script; only in development.
    `script-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.connect?.length ? ` ${options.connect.join(' ')}` : ''}${dev ? ' ws://localhost:* http://localhost:*' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "worker-src 'self' blob:",
  ].join('; ');
}

/** Response headers that go with every renderer file. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // frame-ancestors says it for browsers that read CSP; this for those that do not.
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export const contentType = (file: string): string => TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

/** Largest renderer file the web host serves (its bundles are a few megabytes). */
export const MAX_STATIC_FILE_BYTES = 32 * 1024 * 1024;

/**
 * The file of `root` a URL path names, or null when it would leave `root`. Paths without an
 * extension are the single-page app's own routes and get `index.html`.
 */
export function staticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  if (file !== base && !file.startsWith(base + sep)) return null;
  if (file === base || decoded.endsWith('/') || extname(file) === '') return resolve(base, 'index.html');
  return file;
}
