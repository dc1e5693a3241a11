import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { ROLE_LABELS } from "@/lib/policy/capabilities";
import { viewerForPage } from "@/lib/server/auth/viewer";
import { listUsers } from "@/lib/server/users/admin";
import { CreateUserButton } from "./_components/create-user";
import { UserActions } from "./_components/user-actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; page?: string }>;
}) {
  const viewer = await viewerForPage("/admin/users");
  const sp = await searchParams;
  const q = (sp.q ?? "").slice(0, 100);
  const page = Math.max(1, Number.parseInt(sp.page ?? "1", 10) || 1);
  const { rows, total, pageSize } = await listUsers(viewer, { q, page, pageSize: 20 });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) =>
    `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;

  return (
    <>
      <PageHeader
        title="Users"
        description="Staff accounts, their roles and sign-in state. Every change here is audited."
        actions={
          <div className="flex flex-wrap items-center gap-3">
            <Link
              href="/admin/sign-in"
              className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
            >
              Sign-in settings
            </Link>
            <CreateUserButton />
          </div>
        }
      />
      <form role="search" className="mb-4 flex gap-2" action="/admin/users">
        <label htmlFor="user-search" className="sr-only">
          Search users
        </label>
        <input
          id="user-search"
          name="q"
          defaultValue={q}
          placeholder="Search by name or email"
          className="w-full max-w-sm rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
        />
        <button
          type="submit"
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
        >
          Search
        </button>
      </form>
      <DataTable
        caption={`Staff users, page ${page} of ${pages}`}
        columns={[
          { label: "Name" },
          { label: "Role" },
          { label: "Status" },
          { label: "2FA" },
          { label: "Actions", srOnly: true },
        ]}
        isEmpty={rows.length === 0}
        empty={
          q ? (
            <>
              No users match “{q}”.{" "}
              <Link className="text-brand-700 underline" href="/admin/users">
                Clear the search
              </Link>
            </>
          ) : (
            "No users yet."
          )
        }
      >
        {rows.map((u) => (
          <tr key={u.id} className={u.disabled ? "bg-slate-50/60 text-slate-500" : ""}>
            <td className="px-4 py-3">
              <div className="font-medium text-slate-900">{u.name}</div>
              <div className="text-xs text-slate-500">{u.email}</div>
            </td>
            <td className="px-4 py-3" data-label="Role">
              {ROLE_LABELS[u.role]}
            </td>
            <td className="px-4 py-3 space-x-1">
              {u.disabled ? (
                <Badge tone="red">Disabled</Badge>
              ) : u.invited ? (
                <Badge tone="amber">Invited</Badge>
              ) : (
                <Badge tone="green">Active</Badge>
              )}
              {u.locked ? <Badge tone="amber">Locked</Badge> : null}
              {u.sso ? <Badge tone="brand">SSO</Badge> : null}
            </td>
            <td className="px-4 py-3" data-label="Two-factor">
              {u.passkeys ? (
                <Badge tone="brand">
                  {u.passkeys} passkey{u.passkeys === 1 ? "" : "s"}
                </Badge>
              ) : null}{" "}
              {u.twoFactor ? (
                <Badge tone="brand">{u.passkeys ? "Code" : "On"}</Badge>
              ) : u.passkeys ? null : (
                <span className="text-slate-600">Off</span>
              )}
            </td>
            <td className="px-4 py-3 text-right">
              <UserActions user={u} isSelf={u.id === viewer.userId} />
            </td>
          </tr>
        ))}
      </DataTable>
      <Pagination
        page={page}
        pages={pages}
        summary={`${total} user${total === 1 ? "" : "s"}`}
        href={href}
      />
    </>
  );
}
