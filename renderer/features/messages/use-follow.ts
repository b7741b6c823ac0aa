import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** How long after a wheel, touch, key or pointer press a scroll counts as the user's. */
const USER_SCROLL_MS = 400;
/** Pixels from the end that still count as "at the end". */
const END_SLACK = 4;

/**
 * Follow mode of a growing list, as chat apps have it. Following, the list is kept at its end
 * after each change and whenever its content grows (rows measured after they render). Only the
 * user stops it, by scrolling up (wheel, keys, touch or the scrollbar); programmatic scrolls and
 * clamping never do. Reaching the end again, `jump()` or End resumes it. `fresh` counts what
 * arrived since following stopped.
 */
export function useFollow(
  scrollRef: RefObject<HTMLElement | null>,
  contentRef: RefObject<HTMLElement | null>,
  opts: { added: number; changed: unknown; mounted: boolean },
) {
  const followingRef = useRef(true);
  const [following, setFollowingState] = useState(true);
  const addedRef = useRef(opts.added);
  const [since, setSince] = useState(opts.added);
  const lastTop = useRef(0);
  const lastInput = useRef(0);
  const pointerHeld = useRef(false);
  useEffect(() => {
    addedRef.current = opts.added;
  }, [opts.added]);

  const setFollowing = useCallback((on: boolean) => {
    if (followingRef.current === on) return;
    followingRef.current = on;
    setFollowingState(on);
    if (!on) setSince(addedRef.current);
  }, []);
  // Once per frame at most, in the frame's own animation step: reading scrollHeight forces a
  // layout, and during a flood the list changes several times between two frames.
  const frame = useRef<number | null>(null);
  const toEnd = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      const el = scrollRef.current;
      if (el && followingRef.current) el.scrollTop = el.scrollHeight;
    });
  }, [scrollRef]);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );
  const jump = useCallback(() => {
    setFollowing(true);
    // An instant scroll also ends a smooth one still running (a Home or PageUp a moment ago),
    // which would otherwise carry the list away from the end again.
    scrollRef.current?.scrollTo({ top: scrollRef.current.scrollHeight, behavior: 'instant' });
  }, [setFollowing, scrollRef]);

  useLayoutEffect(() => {
    if (followingRef.current) toEnd();
  }, [opts.changed, following, toEnd]);
  useEffect(() => {
    const content = contentRef.current;
    if (!content) return;
    const observer = new ResizeObserver(() => {
      if (followingRef.current) toEnd();
    });
    observer.observe(content);
    return () => observer.disconnect();
  }, [contentRef, opts.mounted, toEnd]);
  useEffect(() => {
    const up = () => {
      pointerHeld.current = false;
    };
    window.addEventListener('pointerup', up);
    return () => window.removeEventListener('pointerup', up);
  }, []);

  const userInput = () => {
    lastInput.current = performance.now();
  };
  const overflows = () => {
    const el = scrollRef.current;
    return !!el && el.scrollHeight > el.clientHeight + END_SLACK;
  };
  /** Event handlers for the scrolling element. */
  const handlers = {
    onWheel: (e: { deltaY: number }) => {
      userInput();
      if (e.deltaY < 0 && overflows()) setFollowing(false);
    },
    onTouchStart: userInput,
    onPointerDown: () => {
      pointerHeld.current = true;
      userInput();
    },
    onKeyDown: (e: { key: string; preventDefault(): void }) => {
      userInput();
      if (e.key === 'End') {
        e.preventDefault();
        jump();
      } else if (e.key === 'Home' && overflows()) {
        // Home and End are both instant here: an animated Home still running when End is
        // pressed would scroll on after it and stop following again.
        e.preventDefault();
        setFollowing(false);
        scrollRef.current?.scrollTo({ top: 0, behavior: 'instant' });
      } else if ((e.key === 'ArrowUp' || e.key === 'PageUp') && overflows()) setFollowing(false);
    },
    onScroll: (e: { currentTarget: HTMLElement }) => {
      const el = e.currentTarget;
      const byUser = pointerHeld.current || performance.now() - lastInput.current < USER_SCROLL_MS;
      if (el.scrollHeight - el.scrollTop - el.clientHeight <= END_SLACK) setFollowing(true);
      else if (byUser && el.scrollTop < lastTop.current - 1) setFollowing(false);
      lastTop.current = el.scrollTop;
    },
  };
  return { following, fresh: Math.max(0, opts.added - since), jump, handlers };
}
