"use server";
import { redirect } from "next/navigation";
import { createCustomer, listCustomers, updateCustomer } from "@/lib/server/customers";
import { decideReveal, requestReveal } from "@/lib/server/customers/reveal-requests";
import { runAction } from "@/lib/server/http/action";

/** Exact-match and name searches arrive here by POST: the value never enters a URL or a log. */
export async function searchCustomersAction(search: { by: string; value: string }) {
  return runAction((viewer) => listCustomers(viewer, { page: 1, pageSize: 50, search }));
}

export async function createCustomerAction(input: unknown) {
  const r = await runAction((viewer) => createCustomer(viewer, input));
  if (r.ok) redirect(`/customers/${r.data.id}`);
  return r;
}

export async function updateCustomerAction(id: string, input: unknown) {
  const r = await runAction((viewer) => updateCustomer(viewer, id, input));
  if (r.ok) redirect(`/customers/${id}`);
  return r;
}

export async function requestRevealAction(input: unknown) {
  return runAction((viewer) => requestReveal(viewer, input));
}

export async function decideRevealAction(input: { requestId: string; approve: boolean }) {
  return runAction((viewer) => decideReveal(viewer, input));
}
