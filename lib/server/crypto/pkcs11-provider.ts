import "server-only";
import { randomBytes } from "node:crypto";
import pkcs11js from "pkcs11js";
import { AppError } from "@/lib/server/errors";
import { dataKeyAad, type KeyProvider } from "./keyring";
import { KeyProviderStartError, type Pkcs11Config } from "./pkcs11-config";

// Master keys in an HSM over PKCS#11. The keys are AES-256, generated inside the token,
// non-extractable and sensitive: Veil holds only handles. Data keys are wrapped by AES-GCM inside
// the token with the same associated data as the env ring (`dek|<customer id>`), and stored in the
// same layout (iv 12 | tag 16 | ciphertext), so a row does not say which provider wrapped it: its
// key id does. The binding is pkcs11js (the one graphene-pk11 itself wraps): a small node-gyp
// build against the headers it ships, no download, so it installs offline here.

/** Codes that mean the token or our session went away (not that the input was wrong). */
const DEVICE_GONE =
  /CKR_(DEVICE_REMOVED|DEVICE_ERROR|TOKEN_NOT_PRESENT|SESSION_HANDLE_INVALID|SESSION_CLOSED|USER_NOT_LOGGED_IN|CRYPTOKI_NOT_INITIALIZED|TOKEN_NOT_RECOGNIZED|DEVICE_MEMORY|FUNCTION_FAILED)/;

const IV = 12;
const TAG = 16;
const gcm = (iv: Buffer, context: string) => ({
  mechanism: pkcs11js.CKM_AES_GCM,
  parameter: {
    type: pkcs11js.CK_PARAMS_GCM,
    iv,
    aad: dataKeyAad(context),
    ivBits: IV * 8,
    tagBits: TAG * 8,
  },
});

export class Pkcs11KeyProvider implements KeyProvider {
  private lib: pkcs11js.PKCS11 | null = null;
  private session: pkcs11js.Handle | null = null;
  private handles = new Map<string, pkcs11js.Handle>();

  private constructor(private readonly config: Pkcs11Config) {}

  get activeKeyId() {
    return this.config.keyLabels[0]!;
  }

  /** Opens the token and finds every configured key; any problem is a clear start error. */
  static open(config: Pkcs11Config, opts: { requireKeys?: boolean } = {}): Pkcs11KeyProvider {
    const p = new Pkcs11KeyProvider(config);
    p.connect(opts.requireKeys ?? true);
    return p;
  }

  private connect(requireKeys: boolean) {
    const lib = new pkcs11js.PKCS11();
    try {
      lib.load(this.config.module);
    } catch {
      throw new KeyProviderStartError(
        `PKCS#11 module ${this.config.module} could not be loaded (VEIL_PKCS11_MODULE).`,
      );
    }
    try {
      lib.C_Initialize();
    } catch (err) {
      if (!/CRYPTOKI_ALREADY_INITIALIZED/.test(String(err))) throw err;
    }
    const slot = lib
      .C_GetSlotList(true)
      .find((s) => lib.C_GetTokenInfo(s).label.trim() === this.config.tokenLabel);
    if (slot === undefined)
      throw new KeyProviderStartError(
        `No token labelled "${this.config.tokenLabel}" is present (VEIL_PKCS11_TOKEN_LABEL).`,
      );
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    try {
      lib.C_Login(session, pkcs11js.CKU_USER, this.config.pin);
    } catch (err) {
      if (!/CKR_USER_ALREADY_LOGGED_IN/.test(String(err))) {
        lib.C_CloseSession(session);
        throw new KeyProviderStartError(
          `The token "${this.config.tokenLabel}" refused the PIN (${pkcs11Code(err)}).`,
        );
      }
    }
    this.lib = lib;
    this.session = session;
    this.handles.clear();
    for (const label of this.config.keyLabels) {
      const handle = this.find(label);
      if (handle) this.handles.set(label, handle);
      else if (requireKeys)
        throw new KeyProviderStartError(
          `The token has no master key labelled "${label}" (VEIL_PKCS11_KEY_LABELS; create it with \`veil keys:create --label ${label}\`).`,
        );
    }
  }

  private find(label: string): pkcs11js.Handle | null {
    const lib = this.lib!;
    lib.C_FindObjectsInit(this.session!, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
      { type: pkcs11js.CKA_LABEL, value: label },
    ]);
    const found = lib.C_FindObjects(this.session!, 2);
    lib.C_FindObjectsFinal(this.session!);
    if (found.length > 1) throw new KeyProviderStartError(`Two keys are labelled "${label}".`);
    return found[0] ?? null;
  }

  has(keyId: string) {
    return this.handles.has(keyId);
  }

  /** Runs `op` against the token; a token gone mid-service is one reconnect, then 503. */
  private withToken<T>(op: (lib: pkcs11js.PKCS11, session: pkcs11js.Handle) => T): T {
    for (let attempt = 0; ; attempt++) {
      let gone: unknown;
      try {
        // Any failure to reach the token again (no module, no token, no login) is an outage.
        if (!this.lib || this.session === null) this.connect(false);
      } catch (err) {
        gone = err;
      }
      if (!gone) {
        try {
          return op(this.lib!, this.session!);
        } catch (err) {
          if (!DEVICE_GONE.test(String(err))) throw err;
          gone = err;
        }
      }
      this.lib = null;
      this.session = null;
      if (attempt >= 1)
        throw new AppError("UNAVAILABLE", `key provider unavailable: ${pkcs11Code(gone)}`);
    }
  }

  private handle(keyId: string): pkcs11js.Handle {
    const h = this.handles.get(keyId);
    if (!h) throw new Error(`master key "${keyId}" is not in the token`);
    return h;
  }

  async wrap(dataKey: Buffer, context: string) {
    const keyId = this.activeKeyId;
    const iv = randomBytes(IV);
    const out = this.withToken((lib, session) => {
      lib.C_EncryptInit(session, gcm(iv, context), this.handle(keyId));
      return lib.C_Encrypt(session, dataKey, Buffer.alloc(dataKey.length + TAG));
    });
    const ct = out.subarray(0, out.length - TAG);
    const tag = out.subarray(out.length - TAG);
    return { keyId, wrapped: Buffer.concat([iv, tag, ct]) };
  }

  async unwrap(keyId: string, wrapped: Buffer, context: string) {
    return this.unwrapNow(keyId, wrapped, context);
  }

  async unwrapMany(items: { keyId: string; wrapped: Buffer; context: string }[]) {
    return items.map((i) => this.unwrapNow(i.keyId, i.wrapped, i.context));
  }

  private unwrapNow(keyId: string, wrapped: Buffer, context: string): Buffer {
    const iv = wrapped.subarray(0, IV);
    const input = Buffer.concat([wrapped.subarray(IV + TAG), wrapped.subarray(IV, IV + TAG)]);
    return this.withToken((lib, session) => {
      lib.C_DecryptInit(session, gcm(Buffer.from(iv), context), this.handle(keyId));
      try {
        return lib.C_Decrypt(session, input, Buffer.alloc(input.length));
      } catch (err) {
        if (DEVICE_GONE.test(String(err))) throw err;
        // A tag that does not verify (another row's key, a tampered wrap): never a key.
        throw new Error(`data key of ${context} failed authentication under "${keyId}"`);
      }
    });
  }

  /** Generates a master key inside the token: AES-256, non-extractable, sensitive. */
  createKey(label: string): void {
    this.withToken((lib, session) => {
      if (this.find(label)) throw new Error(`A key labelled "${label}" already exists.`);
      lib.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        { type: pkcs11js.CKA_ENCRYPT, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: true },
        { type: pkcs11js.CKA_WRAP, value: false },
        { type: pkcs11js.CKA_UNWRAP, value: false },
      ]);
    });
    const handle = this.find(label);
    if (handle) this.handles.set(label, handle);
  }

  /** What the token says of a key: whether it can ever leave the token. */
  keyAttributes(label: string): { extractable: boolean; sensitive: boolean } | null {
    return this.withToken((lib, session) => {
      const h = this.find(label);
      if (!h) return null;
      const [extractable, sensitive] = lib.C_GetAttributeValue(session, h, [
        { type: pkcs11js.CKA_EXTRACTABLE },
        { type: pkcs11js.CKA_SENSITIVE },
      ]);
      return {
        extractable: (extractable!.value as Buffer)[0] === 1,
        sensitive: (sensitive!.value as Buffer)[0] === 1,
      };
    });
  }

  close() {
    try {
      if (this.lib && this.session !== null) {
        this.lib.C_Logout(this.session);
        this.lib.C_CloseSession(this.session);
      }
      this.lib?.C_Finalize();
    } catch {
      // closing a token that is already gone
    }
    this.lib = null;
    this.session = null;
  }
}

/** The CKR_ code of a PKCS#11 failure (never the PIN or any key material). */
function pkcs11Code(err: unknown): string {
  return /CKR_[A-Z_]+/.exec(String(err))?.[0] ?? "error";
}
