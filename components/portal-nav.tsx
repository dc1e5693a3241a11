"use client";
import * as Dialog from "@radix-ui/react-dialog";
import * as Menu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { MENU_ITEM, MENU_PANEL } from "@/components/ui/menu-styles";
import { usePathname } from "next/navigation";
import { signOutHere } from "@/components/sign-out";
import { useState } from "react";

export type NavItem = { href: string; label: string; count?: number };

const isActive = (pathname: string, href: string) =>
  pathname === href || pathname.startsWith(`${href}/`);

function NavLink({
  item,
  onNavigate,
  block,
}: {
  item: NavItem;
  onNavigate?: () => void;
  block?: boolean;
}) {
  const active = isActive(usePathname(), item.href);
  return (
    <Link
      href={item.href}
      onClick={onNavigate}
      aria-current={active ? "page" : undefined}
      className={`${block ? "flex w-full" : "inline-flex"} items-center gap-2 rounded-md px-3 py-2 text-sm font-medium ${
        active
          ? "bg-brand-50 text-brand-900"
          : "text-slate-700 hover:bg-slate-100 hover:text-brand-900"
      }`}
    >
      {item.label}
      {item.count ? (
        <span className="rounded-full bg-brand-600 px-1.5 py-0.5 text-xs font-semibold leading-none text-white tabular-nums">
          {item.count}
          <span className="sr-only"> waiting</span>
        </span>
      ) : null}
    </Link>
  );
}

/** Main navigation: a row of links from 640 px up, a drawer below. */
export function PortalNav({ items, account }: { items: NavItem[]; account: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <nav aria-label="Main" className="hidden items-center gap-1 sm:flex">
        {items.map((item) => (
          <NavLink key={item.href} item={item} />
        ))}
      </nav>
      <Dialog.Root open={open} onOpenChange={setOpen}>
        <Dialog.Trigger asChild>
          <button
            type="button"
            className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 sm:hidden"
          >
            Menu
          </button>
        </Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
          <Dialog.Content className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col gap-4 bg-white p-4 shadow-xl focus:outline-none">
            <div className="flex items-center justify-between">
              <Dialog.Title className="text-base font-semibold text-brand-900">
                Navigation
              </Dialog.Title>
              <Dialog.Close className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
                Close
              </Dialog.Close>
            </div>
            <Dialog.Description className="sr-only">Pages you can open</Dialog.Description>
            <nav aria-label="Main" className="flex flex-col gap-1">
              {items.map((item) => (
                <NavLink key={item.href} item={item} block onNavigate={() => setOpen(false)} />
              ))}
            </nav>
            <div className="mt-auto border-t border-slate-200 pt-4">{account}</div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </>
  );
}

/** Who is signed in, with the account page and sign-out, as a menu (from 640 px up). */
export function UserMenu({ name, detail }: { name: string; detail: string }) {
  return (
    <Menu.Root>
      <Menu.Trigger asChild>
        <button
          type="button"
          className="hidden max-w-56 items-center gap-2 rounded-md px-2 py-1 text-right hover:bg-slate-100 sm:flex"
        >
          <span className="sr-only">Account menu: </span>
          <span className="leading-tight">
            <span className="block truncate text-sm font-medium text-slate-900">{name}</span>
            <span className="block truncate text-xs text-slate-600">{detail}</span>
          </span>
          <span aria-hidden="true" className="text-slate-500">
            ▾
          </span>
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" sideOffset={4} className={MENU_PANEL}>
          <Menu.Item asChild>
            <Link href="/account" className={MENU_ITEM}>
              Account and security
            </Link>
          </Menu.Item>
          <Menu.Separator className="my-1 h-px bg-slate-200" />
          <Menu.Item className={MENU_ITEM} onSelect={() => void signOutHere()}>
            Sign out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
