"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { useRef } from "react";

/**
 * Where focus goes when a dialog closes: back to what opened it, or, when that is gone (a Reveal
 * button replaced by the revealed value's Hide), to the first control in its place.
 */
function useReturnFocus() {
  const opener = useRef<{ el: HTMLElement; parent: HTMLElement | null } | null>(null);
  return {
    // Fired as the dialog mounts, before it moves focus in: what has focus now opened it.
    onOpenAutoFocus: () => {
      const el = document.activeElement;
      opener.current = el instanceof HTMLElement ? { el, parent: el.parentElement } : null;
    },
    onCloseAutoFocus: (event: Event) => {
      const o = opener.current;
      opener.current = null;
      if (!o || o.el === document.body) return;
      event.preventDefault();
      // After this render: the control that replaces the opener may not be in the page yet.
      requestAnimationFrame(() => {
        if (o.el.isConnected) return o.el.focus();
        o.parent
          ?.querySelector<HTMLElement>("button, a[href], input, select, textarea, [tabindex]")
          ?.focus();
      });
    },
  };
}

export function Modal({
  open,
  onOpenChange,
  title,
  description,
  trigger,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  trigger?: React.ReactNode;
  children: React.ReactNode;
}) {
  const focus = useReturnFocus();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger ? <Dialog.Trigger asChild>{trigger}</Dialog.Trigger> : null}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        {/* Fits a phone: inset from the edges, scrolls inside when taller than the screen. */}
        <Dialog.Content
          onOpenAutoFocus={focus.onOpenAutoFocus}
          onCloseAutoFocus={focus.onCloseAutoFocus}
          className="fixed left-1/2 top-1/2 max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 text-left shadow-xl focus:outline-none sm:p-6"
        >
          <Dialog.Title className="text-lg font-semibold text-brand-900">{title}</Dialog.Title>
          {description ? (
            <Dialog.Description className="mt-1 text-sm text-slate-600">
              {description}
            </Dialog.Description>
          ) : (
            <Dialog.Description className="sr-only">{title}</Dialog.Description>
          )}
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export const ModalClose = Dialog.Close;
