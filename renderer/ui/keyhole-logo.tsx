/** The app mark: a keyhole in a rounded square, drawn inline so it needs no font or file. */
export function KeyholeLogo({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" role="img" aria-label="Keyhole logo">
      <rect x="1" y="1" width="22" height="22" rx="6" fill="var(--mantine-primary-color-filled)" />
      <circle cx="12" cy="9.5" r="3.6" fill="white" />
      <path d="M10.2 11.5 L13.8 11.5 L15 19 L9 19 Z" fill="white" />
    </svg>
  );
}
