// One look for every dropdown menu: the panel, ordinary items, destructive items. Disabled items
// look disabled; colour comes separately so destructive items can be red.
export const MENU_PANEL = "z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 shadow-lg";
const ITEM =
  "block cursor-pointer rounded px-3 py-2 text-sm outline-none data-[highlighted]:bg-brand-50 data-[disabled]:cursor-not-allowed data-[disabled]:text-slate-400";
export const MENU_ITEM = `${ITEM} text-slate-700 data-[highlighted]:text-brand-900`;
export const MENU_DANGER_ITEM = `${ITEM} text-red-700 data-[highlighted]:bg-red-50`;
