import Link from "next/link";
import { dayInputProps } from "@/components/ui/field";
import { FIELD_NAMES, fieldLabel } from "@/lib/fields/catalogue";
import { AUDIT_OUTCOMES } from "@/lib/schemas/audit";
import { CollapsibleOnPhone } from "./collapsible-on-phone";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30";

function Labelled({
  id,
  label,
  children,
}: {
  id: string;
  label: string;
  children: React.ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

type Option = { value: string; label: string };

function Choice({
  id,
  label,
  value,
  options = [],
  groups,
}: {
  id: string;
  label: string;
  value: string | undefined;
  options?: Option[];
  /** Options in labelled sections (type-ahead still finds any of them). */
  groups?: { group: string; options: Option[] }[];
}) {
  const list = (items: Option[]) =>
    items.map((o) => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ));
  return (
    <Labelled id={id} label={label}>
      <select id={id} name={id} defaultValue={value ?? ""} className={control}>
        <option value="">Any</option>
        {list(options)}
        {groups?.map((g) => (
          <optgroup key={g.group} label={g.group}>
            {list(g.options)}
          </optgroup>
        ))}
      </select>
    </Labelled>
  );
}

const FILTER_NAMES = {
  actor: 1,
  partner: 1,
  action: 1,
  field: 1,
  customer: 1,
  purpose: 1,
  outcome: 1,
  from: 1,
  to: 1,
};

/**
 * The filters as a plain GET form: a filtered view is a link one can bookmark or share, and its
 * URL holds only ids and codes (people are picked by name, sent by id).
 */
export function AuditFilters({
  values,
  actions,
  users,
  partners,
}: {
  values: Record<string, string>;
  actions: { group: string; options: Option[] }[];
  users: { id: string; name: string }[];
  partners: { id: string; name: string }[];
}) {
  const active = Object.entries(values).filter(([k, v]) => k in FILTER_NAMES && v).length;
  return (
    <CollapsibleOnPhone label="Filters" count={active} controls="audit-filters">
      <form
        id="audit-filters"
        method="get"
        action="/admin/audit"
        aria-label="Filter the audit trail"
        className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4"
      >
        <Choice
          id="actor"
          label="Staff member"
          value={values.actor}
          options={users.map((u) => ({ value: u.id, label: u.name }))}
        />
        <Choice
          id="partner"
          label="Partner"
          value={values.partner}
          options={partners.map((p) => ({ value: p.id, label: p.name }))}
        />
        <Choice id="action" label="Action" value={values.action} groups={actions} />
        <Choice
          id="field"
          label="Field"
          value={values.field}
          options={FIELD_NAMES.map((f) => ({ value: f, label: fieldLabel(f) }))}
        />
        <Labelled id="customer" label="Customer id">
          <input
            id="customer"
            name="customer"
            defaultValue={values.customer}
            placeholder="From the customer's page"
            spellCheck={false}
            className={`${control} font-mono`}
          />
        </Labelled>
        <Labelled id="purpose" label="Purpose or case">
          <input
            id="purpose"
            name="purpose"
            defaultValue={values.purpose}
            placeholder="e.g. fraud_investigation, CB-2201"
            spellCheck={false}
            className={control}
          />
        </Labelled>
        <Choice
          id="outcome"
          label="Outcome"
          value={values.outcome}
          options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: o }))}
        />
        <div className="grid grid-cols-2 gap-2">
          <Labelled id="from" label="From (UTC)">
            <input
              id="from"
              name="from"
              defaultValue={values.from}
              className={`${control} tabular-nums`}
              {...dayInputProps}
            />
          </Labelled>
          <Labelled id="to" label="To (UTC)">
            <input
              id="to"
              name="to"
              defaultValue={values.to}
              className={`${control} tabular-nums`}
              {...dayInputProps}
            />
          </Labelled>
        </div>
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
          <button
            type="submit"
            className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
          >
            Apply filters
          </button>
          <Link
            href="/admin/audit"
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
          >
            Clear
          </Link>
        </div>
      </form>
    </CollapsibleOnPhone>
  );
}
