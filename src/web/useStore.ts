// Re-render on store changes, at most once per animation frame: a burst of events (50 moves a
// second on a big library) costs one render per frame, not one per event.
import { useEffect, useReducer } from 'preact/hooks';
import type { Store } from './store.ts';

export function useStore(store: Store): number {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    let frame: number | undefined;
    const unsubscribe = store.subscribe(() => {
      if (frame !== undefined) return;
      frame = requestAnimationFrame(() => {
        frame = undefined;
        bump(undefined);
      });
    });
    return () => {
      unsubscribe();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [store]);
  return store.version;
}
