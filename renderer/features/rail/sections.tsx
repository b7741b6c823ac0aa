import type { ComponentType } from 'react';
import { lazyNamed } from '../../ui/lazy';
import { ConnectionsSection } from './connections-section';
import { CertificatesIcon, ConnectionsIcon, LabIcon, MatrixIcon } from './section-icons';

/** One entry of the rail: a new section (Lab, Matrix …) is one more entry here, its name in the `rail` catalogue. */
export interface SectionEntry {
  id: 'connections' | 'certificates' | 'lab' | 'matrix';
  Icon: ComponentType;
  /** Everything right of the rail. */
  Content: ComponentType;
}

// Connections is what the app opens on; the other sections load the first time they are chosen.
const CertificatesSection = lazyNamed(
  () => import('../certificates/certificates-section'),
  (m) => m.CertificatesSection,
);
const LabSection = lazyNamed(
  () => import('../lab/lab-section'),
  (m) => m.LabSection,
);
const MatrixSection = lazyNamed(
  () => import('../matrix/matrix-section'),
  (m) => m.MatrixSection,
);

/** The rail's sections, top to bottom; Alt+1, Alt+2 … choose them in this order. */
export const SECTIONS: readonly SectionEntry[] = [
  { id: 'connections', Icon: ConnectionsIcon, Content: ConnectionsSection },
  { id: 'certificates', Icon: CertificatesIcon, Content: CertificatesSection },
  { id: 'lab', Icon: LabIcon, Content: LabSection },
  { id: 'matrix', Icon: MatrixIcon, Content: MatrixSection },
];

/** The section with `id`, or the first one. */
export function sectionOf(id: string): SectionEntry {
  return SECTIONS.find((s) => s.id === id) ?? SECTIONS[0]!;
}
