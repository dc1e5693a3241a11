"use client";
import { Button } from "@/components/ui/button";
import { ModalClose } from "@/components/ui/modal";
import { Notice } from "@/components/ui/notice";

/**
 * The form inside a dialog: its error, its fields, Cancel and the submit button. While the action
 * waits for an identity check, `interrupt` (the check's panel) shows instead, in the same dialog;
 * the form stays mounted, hidden, so nothing typed is lost.
 */
export function DialogForm({
  onSubmit,
  error,
  interrupt,
  submit,
  children,
}: {
  onSubmit: (e: React.FormEvent<HTMLFormElement>) => void;
  error: string | null;
  interrupt: React.ReactNode;
  submit: {
    label: string;
    busyLabel: string;
    busy: boolean;
    disabled?: boolean;
    /** "danger" for an action that cannot be undone. */
    tone?: "danger";
  };
  children: React.ReactNode;
}) {
  return (
    <>
      {interrupt}
      <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate hidden={Boolean(interrupt)}>
        {error ? <Notice tone="error">{error}</Notice> : null}
        {children}
        <div className="flex justify-end gap-2 pt-2">
          <ModalClose asChild>
            <Button type="button" variant="secondary">
              Cancel
            </Button>
          </ModalClose>
          <Button
            type="submit"
            variant={submit.tone === "danger" ? "danger" : "primary"}
            disabled={submit.busy || submit.disabled}
          >
            {submit.busy ? submit.busyLabel : submit.label}
          </Button>
        </div>
      </form>
    </>
  );
}

/** What a dialog shows once its action is done (one-time values), with the button to close it. */
export function DialogDone({
  onDone,
  children,
}: {
  onDone: () => void;
  children: React.ReactNode;
}) {
  return (
    <div className="mt-4 space-y-4">
      {children}
      <div className="flex justify-end">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
