import { Badge, createTheme } from '@mantine/core';

/** One theme for light and dark; Mantine derives both from it. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  components: {
    // Badges carry data (CNs, TLS versions, cause codes): upper-casing would misquote them.
    // A badge never shrinks into an ellipsis inside a table cell or a tight row.
    Badge: Badge.extend({ styles: { root: { textTransform: 'none', minWidth: 'max-content' } } }),
  },
});
