// A software WebAuthn authenticator for integration tests: real P-256 keys, real signatures and
// the byte layouts of the spec (authenticator data, COSE key, "none" attestation), so Veil's
// verifier checks exactly what it would check from a browser. Chromium's own virtual
// authenticator covers the browser path (tests/e2e/passkeys.e2e.ts); this one lets a test
// misbehave on purpose: replay, wind a counter back, drop user verification, change flags.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

const b64url = (b: Uint8Array | Buffer) => Buffer.from(b).toString("base64url");
const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest();

const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 } as const;

export type Tamper = {
  /** Leave out user verification (a tap without PIN or biometric). */
  noUserVerification?: boolean;
  /** Report the credential as backup eligible (synced) or not, whatever it was made as. */
  backupEligible?: boolean;
  origin?: string;
  rpId?: string;
  /** Sign with this counter instead of the next one. */
  counter?: number;
};

export class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly key: { privateKey: KeyObject; publicKey: KeyObject };
  private count = 0;

  constructor(
    private readonly rp: { id: string; origin: string },
    private readonly opts: { synced?: boolean; counts?: boolean } = {},
  ) {
    this.key = generateKeyPairSync("ec", { namedCurve: "P-256" });
  }

  get id() {
    return b64url(this.credentialId);
  }

  private flags(t: Tamper, extra = 0) {
    const be = t.backupEligible ?? this.opts.synced ?? false;
    return FLAG.UP | (t.noUserVerification ? 0 : FLAG.UV) | (be ? FLAG.BE | FLAG.BS : 0) | extra;
  }

  private clientData(type: string, challenge: string, t: Tamper) {
    return Buffer.from(
      JSON.stringify({ type, challenge, origin: t.origin ?? this.rp.origin, crossOrigin: false }),
    );
  }

  private coseKey() {
    const jwk = this.key.publicKey.export({ format: "jwk" });
    return isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, new Uint8Array(Buffer.from(jwk.x!, "base64url"))],
        [-3, new Uint8Array(Buffer.from(jwk.y!, "base64url"))],
      ]),
    );
  }

  /** A credential as the browser serialises it, around one ceremony's response. */
  private credential<R>(response: R) {
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key" as const,
      clientExtensionResults: {},
      response,
    };
  }

  /** The answer to registration options (what startRegistration would return). */
  register(options: { challenge: string }, t: Tamper = {}) {
    const clientDataJSON = this.clientData("webauthn.create", options.challenge, t);
    const counter = Buffer.alloc(4);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      sha256(t.rpId ?? this.rp.id),
      Buffer.from([this.flags(t, FLAG.AT)]),
      counter,
      Buffer.alloc(16), // AAGUID: none
      idLength,
      this.credentialId,
      Buffer.from(this.coseKey()),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, string> | Uint8Array>([
        ["fmt", "none"],
        ["attStmt", new Map<string, string>()],
        ["authData", new Uint8Array(authData)],
      ]),
    );
    return this.credential({
      clientDataJSON: b64url(clientDataJSON),
      attestationObject: b64url(attestationObject),
      transports: ["internal"],
    });
  }

  /** The answer to authentication options (what startAuthentication would return). */
  assert(options: { challenge: string }, t: Tamper = {}) {
    if (this.opts.counts !== false) this.count += 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(t.counter ?? (this.opts.counts === false ? 0 : this.count));
    const authData = Buffer.concat([
      sha256(t.rpId ?? this.rp.id),
      Buffer.from([this.flags(t)]),
      counter,
    ]);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, t);
    const signature = sign(
      "sha256",
      Buffer.concat([authData, sha256(clientDataJSON)]),
      this.key.privateKey,
    );
    return this.credential({
      clientDataJSON: b64url(clientDataJSON),
      authenticatorData: b64url(authData),
      signature: b64url(signature),
    });
  }
}
