"use server";
import {
  resumeCustomerSearch,
  searchCustomersWithHandle,
} from "@/lib/server/customers/search-handle";
import { createCustomer, updateCustomer } from "@/lib/server/customers";
import { decideReveal, requestReveal } from "@/lib/server/customers/reveal-requests";
import { decideErasure, requestErasure } from "@/lib/server/gdpr/erasure";
import { runAction } from "@/lib/server/http/action";

/** Exact-match and name searches arrive here by POST: the value never enters a URL or a log. */
export async function searchCustomersAction(search: { by: string; value: string }, page = 1) {
  return runAction((viewer) => searchCustomersWithHandle(viewer, search, page));
}

export async function resumeSearchAction(handle: string, page = 1) {
  return runAction((viewer) => resumeCustomerSearch(viewer, { handle, page }));
}

export async function createCustomerAction(input: unknown) {
  return runAction((viewer) => createCustomer(viewer, input));
}

export async function updateCustomerAction(id: string, input: unknown) {
  return runAction((viewer) => updateCustomer(viewer, id, input));
}

export async function requestRevealAction(input: unknown) {
  return runAction((viewer) => requestReveal(viewer, input));
}

export async function decideRevealAction(input: { requestId: string; approve: boolean }) {
  return runAction((viewer) => decideReveal(viewer, input));
}

export async function requestErasureAction(input: { customerId: string; caseRef: string }) {
  return runAction((viewer) => requestErasure(viewer, input));
}

export async function decideErasureAction(input: { requestId: string; approve: boolean }) {
  return runAction((viewer) => decideErasure(viewer, input));
}
