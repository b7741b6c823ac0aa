import { lazy, type ComponentType, type ReactNode } from 'react';

/**
 * A component from a module loaded the first time it is rendered, in its own chunk: `pick` names
 * the export (the modules export by name). Render it inside a <Suspense>.
 */
export function lazyNamed<P extends object, M>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>) {
  return lazy(async () => ({ default: pick(await load()) }));
}

/** What stands in while a chunk loads: an empty, busy area, so nothing flashes. */
export function QuietFallback(): ReactNode {
  return <div aria-busy="true" style={{ height: '100%' }} />;
}
