// What the Customers list and detail show before a reveal: enough to tell customers apart, not
// enough to learn who they are (the first letter of a name or an address, the last two digits of a
// phone number, the top-level domain of an email).
const HIDDEN = "•••";

export function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const [local = "", domain = ""] = email.split("@");
  const tld = domain.includes(".") ? domain.slice(domain.lastIndexOf(".")) : "";
  return `${local.slice(0, 1)}${HIDDEN}@${domain.slice(0, 1)}${HIDDEN}${tld}`;
}

export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, "");
  return `${HIDDEN}${digits.slice(-2)}`;
}

export function maskName(name: string | null): string | null {
  return name ? `${name.slice(0, 1)}${HIDDEN}` : null;
}
