// Who on the merchant's staff acted, for the audit trail: the user id the admin request's session
// token names (`sub`, signed by Shopify; the online session is keyed by the same id). Never their name:
// names change and are personal data, so the audit log looks them up when it shows an entry.
export function staffActor(sessionToken: { sub?: string } | undefined): string {
  return `staff:${sessionToken?.sub ?? "offline"}`;
}
