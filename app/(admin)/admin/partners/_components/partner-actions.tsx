"use client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { PartnerRow } from "@/lib/schemas/partners";
import { useAdminAction } from "../../_components/use-admin-action";
import { setPartnerDisabledAction } from "../actions";
import { RotateSecret } from "./rotate-secret";
import { ShareCustomers } from "./share-customers";

export function PartnerActions({ partner }: { partner: PartnerRow }) {
  const { stepUp, confirm, setConfirm, perform } = useAdminAction(partner.name);
  const toggle = () =>
    perform(
      (r) => (r.disabled ? "Disabled: its tokens stop working now." : "Enabled."),
      () => setPartnerDisabledAction({ partnerId: partner.id, disabled: !partner.disabled }),
    );

  return (
    <div className="inline-flex flex-col items-end gap-1">
      {confirm ? null : stepUp.dialog}
      <ConfirmDialog confirmation={confirm} onDone={() => setConfirm(null)} interrupt={stepUp} />
      <div className="flex flex-wrap justify-end gap-2">
        <ShareCustomers partner={partner} />
        <RotateSecret partner={partner} />
        <Button
          variant={partner.disabled ? "secondary" : "danger"}
          size="sm"
          onClick={() =>
            partner.disabled
              ? void toggle()
              : setConfirm({
                  title: `Disable ${partner.name}?`,
                  description:
                    "Its tokens stop working at once and it cannot get new ones until enabled again.",
                  label: "Disable partner",
                  go: toggle,
                })
          }
          aria-label={`${partner.disabled ? "Enable" : "Disable"}: ${partner.name}`}
        >
          {partner.disabled ? "Enable" : "Disable"}
        </Button>
      </div>
    </div>
  );
}
