import { pageGate } from "@/app/(portal)/_components/page-gate";

export default pageGate("/approvals");
