import { Faker, en_GB, de, fr, en } from "@faker-js/faker";
import {
  CUSTOMER_FIELDS,
  FIELD_NAMES,
  STORED_PARTS,
  type StoredPartName,
} from "@/lib/fields/catalogue";
import type { TypeName } from "@/lib/masking/types";
import { customerInputSchema, type CustomerInput } from "@/lib/schemas/customers";

type Locale = { country: string; faker: Faker; phonePrefix: string; digits: number };
type Person = { first: string; last: string };
type Make = (f: Faker, locale: Locale, person: Person) => string;

const LOCALES: Locale[] = [
  { country: "GB", faker: new Faker({ locale: [en_GB, en] }), phonePrefix: "+447", digits: 9 },
  { country: "DE", faker: new Faker({ locale: [de, en] }), phonePrefix: "+4915", digits: 8 },
  { country: "FR", faker: new Faker({ locale: [fr, en] }), phonePrefix: "+336", digits: 8 },
];

/** A plausible value of each single-part semantic type: a new field of a known type needs nothing here. */
const BY_TYPE: Partial<Record<TypeName, Make>> = {
  name: (_f, _l, p) => `${p.first} ${p.last}`,
  email: (f, _l, p) =>
    f.internet
      .email({ firstName: p.first, lastName: p.last, provider: "example.com" })
      .toLowerCase(),
  phone: (f, l) =>
    `${l.phonePrefix}${f.string.numeric({ length: l.digits, allowLeadingZeros: false })}`,
  dateOfBirth: (f) =>
    f.date.birthdate({ mode: "age", min: 18, max: 90 }).toISOString().slice(0, 10),
  nationalId: (f) => f.string.alphanumeric({ length: 9, casing: "upper" }),
  pan: (f) =>
    f.finance.creditCardNumber({ issuer: f.helpers.arrayElement(["visa", "mastercard"]) }),
  iban: (f, l) => f.finance.iban({ formatted: false, countryCode: l.country }),
};

/** The parts of multi-part fields (the address). */
const BY_PART: Partial<Record<StoredPartName, Make>> = {
  addressLine: (f) => f.location.streetAddress(),
  city: (f) => f.location.city(),
  postcode: (f) => f.location.zipCode().slice(0, 16),
  country: (_f, l) => l.country,
};

function makerOf(part: StoredPartName): Make {
  const owner = FIELD_NAMES.find((f) =>
    (CUSTOMER_FIELDS[f].parts as readonly string[]).includes(part),
  );
  const single = owner && CUSTOMER_FIELDS[owner].parts.length === 1;
  const make = (single ? BY_TYPE[CUSTOMER_FIELDS[owner].type] : undefined) ?? BY_PART[part];
  if (!make) throw new Error(`no fake value for customer part ${part}`);
  return make;
}
const MAKERS = (Object.keys(STORED_PARTS) as StoredPartName[]).map((p) => [p, makerOf(p)] as const);

/** Realistic fake customers (valid Luhn card numbers, valid IBANs), validated like real input. */
export function fakeCustomers(count: number, seed = 42): CustomerInput[] {
  const out: CustomerInput[] = [];
  let i = 0;
  while (out.length < count) {
    // Most candidates pass; a generator that stopped matching its validator must fail, not spin.
    if (i > count * 10 + 100) throw new Error("fake customers keep failing validation");
    const locale = LOCALES[i % LOCALES.length]!;
    const f = locale.faker;
    f.seed(seed * 100_003 + i++);
    const person = { first: f.person.firstName(), last: f.person.lastName() };
    const candidate = Object.fromEntries(MAKERS.map(([p, make]) => [p, make(f, locale, person)]));
    const parsed = customerInputSchema.safeParse(candidate);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}
