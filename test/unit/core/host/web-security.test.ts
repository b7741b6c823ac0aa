import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, contentType, staticFile } from '../../../../electron/core/host/web-security';

describe('staticFile', () => {
  const root = '/srv/renderer';
  it('maps asset paths into the renderer folder', () => {
    expect(staticFile(root, '/assets/index-1.js')).toBe('/srv/renderer/assets/index-1.js');
    expect(staticFile(root, '/assets/a%20b.css?v=1')).toBe('/srv/renderer/assets/a b.css');
  });
  it('serves index.html for the root and for app routes', () => {
    expect(staticFile(root, '/')).toBe('/srv/renderer/index.html');
    expect(staticFile(root, '/profiles/abc')).toBe('/srv/renderer/index.html');
  });
  it('never leaves the folder', () => {
    for (const bad of [
      '/../secret.txt',
      '/assets/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2fprofiles.json',
      '/a%00.js',
      '/%E0%A4%A',
    ]) {
      const file = staticFile(root, bad);
      expect(file === null || file.startsWith('/srv/renderer/'), `${bad} → ${file}`).toBe(true);
    }
    expect(staticFile(root, '/%2e%2e/profiles.json')).toBeNull();
  });
});

describe('contentSecurityPolicy', () => {
  it('allows scripts only from the app, and no inline scripts outside development', () => {
    const csp = contentSecurityPolicy({ connect: ['ws://127.0.0.1:1234'] });
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:1234");
    expect(csp).toContain("object-src 'none'");
    expect(contentSecurityPolicy({ dev: true })).toMatch(/script-src 'self' 'unsafe-inline'/);
  });
  it('names content types', () => {
    expect(contentType('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('/x/a.bin')).toBe('application/octet-stream');
  });
});
