import type { CustomerInput } from "@/lib/schemas/customers";

/** Values that must never appear anywhere outside an audited reveal. */
export const CANARY: CustomerInput = {
  fullName: "Canary Testperson",
  email: "canary.q7x9@canary-mail.example",
  phone: "+447700900461",
  dateOfBirth: "1977-03-29",
  nationalId: "QZ7731946K",
  pan: "4929123456781236",
  iban: "GB33BUKB20201555555555",
  addressLine: "77 Canary Wharf Lane",
  city: "London",
  postcode: "E14 5AB",
  country: "GB",
};

/** The plaintexts a dump or a page must not contain (city and country are shown to all). */
export const CANARY_SECRETS = [
  CANARY.email,
  CANARY.pan,
  CANARY.iban,
  CANARY.nationalId,
  CANARY.dateOfBirth,
  CANARY.phone,
  CANARY.addressLine,
];

export function customerLike(overrides: Partial<CustomerInput> = {}): CustomerInput {
  const n = Math.floor(Math.random() * 1e9);
  return {
    fullName: "Jane Tester",
    email: `jane.${n}@example.com`,
    phone: "+447700900123",
    dateOfBirth: "1984-07-15",
    nationalId: `AB${n}`.slice(0, 12),
    pan: "4111111111111111",
    iban: "DE89370400440532013000",
    addressLine: "1 Test Street",
    city: "Manchester",
    postcode: "M1 1AA",
    country: "GB",
    ...overrides,
  };
}
