import { ErrorPanel } from "@/components/ui/error-panel";

/** Inside the portal: a 404 in the shell, leading back to work rather than the landing page. */
export default function PortalNotFound() {
  return (
    <ErrorPanel
      inShell
      title="Not found"
      message="There is nothing here, or you are not allowed to see it."
      home={{ href: "/customers", label: "Back to customers" }}
    />
  );
}
