"use client";
import * as Toast from "@radix-ui/react-toast";
import { createContext, useCallback, useContext, useState, useSyncExternalStore } from "react";

type Tone = "success" | "error";
type Item = { id: number; title: string; description?: string; tone: Tone };
type Show = (title: string, opts?: { description?: string; tone?: Tone }) => void;

const ToastContext = createContext<Show>(() => {});

/** Feedback after an action, announced politely and gone after a few seconds. */
export function useToast(): Show {
  return useContext(ToastContext);
}

const TONES: Record<Tone, string> = {
  success: "border-emerald-200 bg-white",
  error: "border-red-200 bg-red-50",
};

const noSubscription = () => () => {};

export function Toaster({ children }: { children: React.ReactNode }) {
  const [items, setItems] = useState<Item[]>([]);
  // The viewport's focus guards carry inline styles; rendered on the client only, they are set
  // through the DOM (allowed by the CSP) rather than as style attributes in the HTML (refused).
  const onClient = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const show = useCallback<Show>((title, opts = {}) => {
    setItems((all) => [
      ...all.slice(-2),
      {
        id: Date.now() + Math.random(),
        title,
        description: opts.description,
        tone: opts.tone ?? "success",
      },
    ]);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      <Toast.Provider swipeDirection="right" duration={5000}>
        {children}
        {items.map((t) => (
          <Toast.Root
            key={t.id}
            type={t.tone === "error" ? "foreground" : "background"}
            onOpenChange={(open) => {
              if (!open) setItems((all) => all.filter((x) => x.id !== t.id));
            }}
            className={`flex items-start justify-between gap-3 rounded-lg border p-3 shadow-lg ${TONES[t.tone]}`}
          >
            <div>
              <Toast.Title className="text-sm font-medium text-slate-900">{t.title}</Toast.Title>
              {t.description ? (
                <Toast.Description className="mt-0.5 text-xs text-slate-600">
                  {t.description}
                </Toast.Description>
              ) : null}
            </div>
            <Toast.Close
              className="rounded px-1 text-sm text-slate-500 hover:bg-slate-100"
              aria-label="Dismiss"
            >
              ×
            </Toast.Close>
          </Toast.Root>
        ))}
        {onClient ? (
          <Toast.Viewport className="fixed bottom-0 right-0 z-[100] flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
        ) : null}
      </Toast.Provider>
    </ToastContext.Provider>
  );
}
