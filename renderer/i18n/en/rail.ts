/** The section rail and the empty connections screen. */
export const rail = {
  nav: 'Sections',
  shortcut: '{{label}} (Alt+{{n}})',
  sections: {
    connections: 'Connections',
    certificates: 'Certificates',
    lab: 'Lab',
    matrix: 'Matrix',
  },
  empty: {
    title: 'Did this identity get in?',
    firstLaunch:
      'Create a connection with a CA, a client certificate and its key. Connecting shows how far the handshake got, and exactly where and why it stopped.',
    pick: 'Pick a connection on the left, or create one with a CA, a client certificate and its key. Connecting shows how far the handshake got, and exactly where and why it stopped.',
  },
} as const;
