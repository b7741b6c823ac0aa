import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../../electron/core/store/data-dir';

describe('the default data folder', () => {
  it('follows each platform', () => {
    expect(defaultDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.config/keyhole');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ada')).toBe('/xdg/keyhole');
    // A relative XDG_CONFIG_HOME is invalid under the XDG spec and ignored.
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: 'relative' }, '/home/ada')).toBe('/home/ada/.config/keyhole');
    expect(defaultDataDir('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Application Support/Keyhole');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Keyhole',
    );
  });
});
