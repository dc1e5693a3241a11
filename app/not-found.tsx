import { ErrorPanel } from "@/components/ui/error-panel";

export default function NotFound() {
  return (
    <ErrorPanel
      title="Not found"
      message="There is nothing here, or you are not allowed to see it."
    />
  );
}
