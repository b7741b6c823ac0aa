/** The Settings dialog. */
export const settings = {
  title: 'Settings',
  theme: 'Theme',
  themes: { auto: 'System', light: 'Light', dark: 'Dark' },
  language: 'Language',
  history: {
    label: 'Messages kept per connection',
    description: 'The oldest are dropped beyond this, in this window.',
  },
  reports: {
    label: 'Attempt reports kept per profile',
    description: 'Stored with the profiles; the oldest are dropped beyond this.',
  },
  expiry: {
    label: 'Warn when a certificate expires within (days)',
    description: 'A client or broker certificate this close to its end date is a warning in the report; 0 turns the warning off.',
  },
  between: 'Between {{min}} and {{max}}',
  storage: 'Storage',
  profilesAt: 'Profiles: <0>{{location}}</0> (format {{format}})',
  sealedWith: 'Secrets sealed with {{backend}}',
  notSecure: ' (not secure on this machine)',
  backends: {
    'safe-storage': 'the operating system’s keychain',
    'key-file': 'a key file (AES-256-GCM)',
    memory: 'nothing: secrets are kept in memory only',
  },
  hosts: { web: 'web host', desktop: 'desktop app' },
  notSaved: 'Not saved',
  saved: 'Settings saved',
} as const;
