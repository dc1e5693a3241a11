import { pageGate } from "@/app/(portal)/_components/page-gate";

export default pageGate("/admin/sign-in");
