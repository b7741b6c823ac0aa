/** Line icons of the rail (24×24, stroke in the text colour). */
const svg = { width: 22, height: 22, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.8 } as const;

/** Two plugs meeting: a connection. */
export function ConnectionsIcon() {
  return (
    <svg {...svg} aria-hidden="true" strokeLinecap="round" strokeLinejoin="round">
      <path d="M7 17 4 20M17 7l3-3M9.5 9.5 8 11a3 3 0 0 0 0 4.2l.8.8a3 3 0 0 0 4.2 0l1.5-1.5M14.5 14.5 16 13a3 3 0 0 0 0-4.2l-.8-.8a3 3 0 0 0-4.2 0L9.5 9.5" />
    </svg>
  );
}

/** A certificate with a seal. */
export function CertificatesIcon() {
  return (
    <svg {...svg} aria-hidden="true" strokeLinecap="round" strokeLinejoin="round">
      <rect x="3" y="4" width="18" height="13" rx="1.5" />
      <path d="M7 8.5h10M7 12h5" />
      <circle cx="16" cy="15.5" r="2.5" />
      <path d="m14.8 17.6-.8 3.4 2-1 2 1-.8-3.4" />
    </svg>
  );
}

/** A lab flask: the built-in broker. */
export function LabIcon() {
  return (
    <svg {...svg} aria-hidden="true" strokeLinecap="round" strokeLinejoin="round">
      <path d="M9 3h6M10 3v6.2L4.8 18.3A1.8 1.8 0 0 0 6.4 21h11.2a1.8 1.8 0 0 0 1.6-2.7L14 9.2V3" />
      <path d="M7.2 14.5h9.6" />
    </svg>
  );
}

/** A grid with a tick and a cross: identities checked against expectations. */
export function MatrixIcon() {
  return (
    <svg {...svg} aria-hidden="true" strokeLinecap="round" strokeLinejoin="round">
      <rect x="3" y="3" width="18" height="18" rx="1.5" />
      <path d="M3 9h18M3 15h18M9 3v18" />
      <path d="m12 12 1.5 1.5L16.5 10.5M12.5 16.5l3 3M15.5 16.5l-3 3" />
    </svg>
  );
}
