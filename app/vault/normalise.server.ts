// Canonical forms of the values we look customers up by, so "Ann@Example.com " and
// "ann@example.com" (or "+44 20 7946 0018" and "00442079460018") reach the same blind index.

export function normaliseEmail(email: string): string | null {
  const normalised = email.trim().toLowerCase();
  return normalised.includes("@") ? normalised : null;
}

/**
 * E.164 (`+` and 8 to 15 digits), or null when the number cannot be made international.
 * A national number (no `+` or `00`) is only accepted with `defaultCallingCode` (e.g. "44"), and
 * then loses its trunk "0": guessing a country would make two customers' numbers collide.
 */
export function normalisePhone(phone: string, { defaultCallingCode }: { defaultCallingCode?: string } = {}): string | null {
  const compact = phone.trim().replace(/[\s().-]/g, "");
  let digits: string;
  if (compact.startsWith("+")) digits = compact.slice(1);
  else if (compact.startsWith("00")) digits = compact.slice(2);
  else if (defaultCallingCode) digits = `${defaultCallingCode}${compact.replace(/^0/, "")}`;
  else return null;
  return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
}
