import type { ComponentType } from 'react';
import { CertificatesSection } from '../certificates/certificates-section';
import { LabSection } from '../lab/lab-section';
import { MatrixSection } from '../matrix/matrix-section';
import { ConnectionsSection } from './connections-section';
import { CertificatesIcon, ConnectionsIcon, LabIcon, MatrixIcon } from './section-icons';

/** One entry of the rail: a new section (Lab, Matrix …) is one more entry here. */
export interface SectionEntry {
  id: string;
  label: string;
  Icon: ComponentType;
  /** Everything right of the rail. */
  Content: ComponentType;
}

/** The rail's sections, top to bottom; Alt+1, Alt+2 … choose them in this order. */
export const SECTIONS: readonly SectionEntry[] = [
  { id: 'connections', label: 'Connections', Icon: ConnectionsIcon, Content: ConnectionsSection },
  { id: 'certificates', label: 'Certificates', Icon: CertificatesIcon, Content: CertificatesSection },
  { id: 'lab', label: 'Lab', Icon: LabIcon, Content: LabSection },
  { id: 'matrix', label: 'Matrix', Icon: MatrixIcon, Content: MatrixSection },
];

/** The section with `id`, or the first one. */
export function sectionOf(id: string): SectionEntry {
  return SECTIONS.find((s) => s.id === id) ?? SECTIONS[0]!;
}
