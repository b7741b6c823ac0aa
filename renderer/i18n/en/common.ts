/** Words many screens share: buttons, yes / no, states. */
export const common = {
  save: 'Save',
  cancel: 'Cancel',
  close: 'Close',
  delete: 'Delete',
  remove: 'Remove',
  back: 'Back',
  next: 'Next',
  copy: 'Copy',
  copied: 'Copied',
  download: 'Download',
  dismiss: 'Dismiss',
  retry: 'Retry',
  yes: 'yes',
  no: 'no',
  unknown: 'unknown',
  none: 'none',
  /** A name quoted inside a sentence, and the separator of a list of them. */
  quoted: '“{{name}}”',
  listSeparator: ', ',
} as const;
