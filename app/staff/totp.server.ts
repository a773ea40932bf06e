// TOTP (RFC 6238) as every authenticator app speaks it: SHA-1, 6 digits, 30-second steps. A code is
// accepted for the current step and one either side (clock drift); the step it matched is returned
// so that the caller can refuse the same step twice (a code seen over a shoulder is not reusable).
import { Secret, TOTP } from "otpauth";

const ISSUER = "Consent Vault";
const PERIOD_SECONDS = 30;

function totpOf(secretBase32: string, label = "staff") {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** 160 random bits, base32 (RFC 4226's recommended length). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, label: string): string {
  return totpOf(secretBase32, label).toString();
}

/** The time step the code is valid for, or null. */
export function matchingTotpStep(secretBase32: string, code: string, now: Date): number | null {
  const totp = totpOf(secretBase32);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : totp.counter({ timestamp: now.getTime() }) + delta;
}

/** The code for `at` (tests and benchmarks compute what an authenticator app would show). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpOf(secretBase32).generate({ timestamp: at.getTime() });
}
