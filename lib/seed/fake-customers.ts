import { Faker, en_GB, de, fr, en } from "@faker-js/faker";
import { customerInputSchema, type CustomerInput } from "@/lib/schemas/customers";

const LOCALES = [
  { country: "GB", faker: new Faker({ locale: [en_GB, en] }), phonePrefix: "+447", digits: 9 },
  { country: "DE", faker: new Faker({ locale: [de, en] }), phonePrefix: "+4915", digits: 8 },
  { country: "FR", faker: new Faker({ locale: [fr, en] }), phonePrefix: "+336", digits: 8 },
];

/** Realistic fake customers (valid Luhn card numbers, valid IBANs), validated like real input. */
export function fakeCustomers(count: number, seed = 42): CustomerInput[] {
  const out: CustomerInput[] = [];
  let i = 0;
  while (out.length < count) {
    const locale = LOCALES[i % LOCALES.length]!;
    const f = locale.faker;
    f.seed(seed * 100_003 + i++);
    const first = f.person.firstName();
    const last = f.person.lastName();
    const candidate = {
      fullName: `${first} ${last}`,
      email: f.internet
        .email({ firstName: first, lastName: last, provider: "example.com" })
        .toLowerCase(),
      phone: `${locale.phonePrefix}${f.string.numeric({ length: locale.digits, allowLeadingZeros: false })}`,
      dateOfBirth: f.date.birthdate({ mode: "age", min: 18, max: 90 }).toISOString().slice(0, 10),
      nationalId: f.string.alphanumeric({ length: 9, casing: "upper" }),
      pan: f.finance.creditCardNumber({ issuer: f.helpers.arrayElement(["visa", "mastercard"]) }),
      iban: f.finance.iban({ formatted: false, countryCode: locale.country }),
      addressLine: f.location.streetAddress(),
      city: f.location.city(),
      postcode: f.location.zipCode().slice(0, 16),
      country: locale.country,
    };
    const parsed = customerInputSchema.safeParse(candidate);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}
