"use client";
import { useEffect, useState } from "react";

type Revealed = { value: string; until: number };

/** A revealed value that hides itself when its time is up, with the seconds left to show. */
export function useRevealed() {
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!revealed) return;
    const t = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= revealed.until) setRevealed(null);
    }, 250);
    return () => clearInterval(t);
  }, [revealed]);

  return {
    value: revealed?.value ?? null,
    secondsLeft: revealed ? Math.max(0, Math.ceil((revealed.until - now) / 1000)) : 0,
    show(value: string, seconds: number) {
      setRevealed({ value, until: Date.now() + seconds * 1000 });
      setNow(Date.now());
    },
    hide: () => setRevealed(null),
  };
}
