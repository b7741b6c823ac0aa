/** Notices about the profile store: recovered, read-only, secrets locked or kept insecurely. */
export const storeStatus = {
  profiles_one: '{{count}} profile',
  profiles_other: '{{count}} profiles',
  groups_one: '{{count}} group',
  groups_other: '{{count}} groups',
  otherEntries_one: '{{count}} other entry',
  otherEntries_other: '{{count}} other entries',
  readOnly: { title: 'Changes cannot be saved' },
  recovered: {
    title: 'The profile store was damaged and has been recovered',
    dismiss: 'Dismiss the recovery notice',
    couldNotUse: 'Keyhole could not use <0>{{location}}</0> as it was.',
    copiedTo: 'The untouched file was copied to <0>{{path}}</0>',
    copied: 'Copied ✓',
    copyPath: 'Copy path',
    notCopied: 'The damaged file could not be copied aside, so nothing is saved until that is fixed.',
    nothingKept: 'Nothing could be taken over from it, so Keyhole started with an empty store ({{when}}).',
    copyUnchanged: 'Nothing in the copy was changed or deleted.',
    kept: 'Taken over: {{profiles}} and {{groups}} ({{when}}).',
    keptDropped: 'Taken over: {{profiles}} and {{groups}}; left behind in the copy: {{dropped}} ({{when}}).',
  },
  locked: {
    title_one: '{{count}} stored secret cannot be decrypted',
    title_other: '{{count}} stored secrets cannot be decrypted',
    affected: 'Affected: {{profiles}}.',
    noProfile: 'no listed profile',
    until_one: 'Connecting with it fails until the secrets are entered again, or the key they were sealed with is restored.',
    until_other: 'Connecting with them fails until the secrets are entered again, or the key they were sealed with is restored.',
    discardMore: 'Discard them…',
  },
  insecure: {
    titleAbout: 'About how secrets are stored',
    title: 'Secrets are not stored securely on this machine',
    dismiss: 'Dismiss the warning about secret storage',
    obfuscated: 'Private keys, passphrases and passwords are only obfuscated on disk: anyone who can read your files can read them.',
  },
  discard: {
    title: 'Discard the secrets that cannot be decrypted?',
    body_one:
      'One stored secret of {{profiles}} will be removed for good. The profiles keep their settings and certificates; you enter their keys, passphrases and passwords again in the profile editor.',
    body_other:
      '{{count}} stored secrets of {{profiles}} will be removed for good. The profiles keep their settings and certificates; you enter their keys, passphrases and passwords again in the profile editor.',
    restoreInstead:
      'If you can restore the key they were sealed with (for example the data folder’s secret.key from a backup), do that instead and restart Keyhole.',
    failed: 'Nothing was discarded',
    keep: 'Keep them',
    confirm_one: 'Discard it',
    confirm_other: 'Discard {{count}} secrets',
    done_one: 'Discarded {{count}} secret; enter it again in the profile editor.',
    done_other: 'Discarded {{count}} secrets; enter them again in the profile editor.',
  },
} as const;
