"use client";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { DialogDone, DialogForm } from "@/components/ui/dialog-form";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/schemas/action";
import { useStepUpDialog } from "../../../(portal)/_components/step-up-dialog";

// The admin screens' "New …" dialogs (users, partners): a form behind step-up, then either a
// one-time result to hand over (an invitation link, client credentials) or the dialog closes.
// The state and its reset live here once; each dialog brings its form and its result.

export function useCreateDialog<Done>(resetForm: () => void) {
  const router = useRouter();
  const toast = useToast();
  const [done, setDone] = useState<Done | null>(null);
  const dialog = useStepUpDialog(() => {
    resetForm();
    setDone(null);
  });

  /**
   * Runs `action` behind step-up; on success it toasts, refreshes the page's data and shows the
   * result `then` returns (or closes the dialog when there is none to hand over).
   */
  async function submit<T>(
    action: () => Promise<ActionResult<T>>,
    then: (data: T) => { toast: { title: string; description: string }; done: Done | null },
  ) {
    const data = await dialog.run(action);
    if (data === undefined) return;
    const next = then(data);
    toast(next.toast.title, { description: next.toast.description });
    router.refresh();
    if (next.done) setDone(next.done);
    else dialog.close(false);
  }

  return { ...dialog, done, submit };
}

type Dialog<Done> = ReturnType<typeof useCreateDialog<Done>>;

export function CreateDialog<Done>(props: {
  dialog: Dialog<Done>;
  trigger: string;
  title: { form: string; done: string };
  description: { form: string; done: (done: Done) => string };
  submit: {
    label: string;
    busy: boolean;
    onSubmit: (e: React.FormEvent<HTMLFormElement>) => void;
  };
  /** What to hand over once created (shown once). */
  result: (done: Done) => ReactNode;
  children: ReactNode;
}) {
  const { dialog } = props;
  const done = dialog.done;
  return (
    <Modal
      open={dialog.open}
      onOpenChange={dialog.close}
      trigger={<Button>{props.trigger}</Button>}
      title={done ? props.title.done : props.title.form}
      description={done ? props.description.done(done) : props.description.form}
    >
      {done ? (
        <DialogDone onDone={() => dialog.close(false)}>{props.result(done)}</DialogDone>
      ) : (
        <DialogForm
          onSubmit={props.submit.onSubmit}
          error={dialog.error}
          interrupt={dialog.panel}
          submit={{ label: props.submit.label, busyLabel: "Creating…", busy: props.submit.busy }}
        >
          {props.children}
        </DialogForm>
      )}
    </Modal>
  );
}
