import { Badge, createTheme, Modal, type CSSVariablesResolver } from '@mantine/core';

/**
 * One theme for light and dark; Mantine derives both from it. Filled colours use shade 8 and
 * pick black or white text by luminance (0.179 is where both give the same contrast, so either
 * choice reaches at least 4.58:1, WCAG 2.1 §1.4.3 AA).
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.179,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  components: {
    // Badges carry data (CNs, TLS versions, cause codes): upper-casing would misquote them.
    // A badge never shrinks into an ellipsis inside a table cell or a tight row.
    Badge: Badge.extend({ styles: { root: { textTransform: 'none', minWidth: 'max-content' } } }),
    // A dialog's × has a name for screen readers (Mantine renders it as an unnamed button).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
  },
});

/**
 * Text colours for 4.5:1 (WCAG 2.1 §1.4.3 AA) on every surface they sit on. Dimmed text: dark
 * enough (light) or bright enough (dark) on tinted alerts and the selected sidebar row, where
 * Mantine's defaults give 3.3:1 and 2.9:1. Coloured text and the text of light badges and
 * buttons: in the light scheme shade 9 darkened by 30%, since shade 9 on shade 1 (a green
 * "granted" badge) gives only 3.8:1.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = { '--mantine-color-dimmed': '#5c636a' };
  for (const name of Object.keys(t.colors)) {
    const deep = `color-mix(in srgb, var(--mantine-color-${name}-9), black 30%)`;
    light[`--mantine-color-${name}-text`] = deep;
    light[`--mantine-color-${name}-light-color`] = deep;
    light[`--mantine-color-${name}-outline`] = deep;
  }
  return { variables: {}, light, dark: { '--mantine-color-dimmed': '#adadad' } };
};
