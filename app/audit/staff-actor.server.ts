// Who on the merchant's staff acted, for the audit trail. The app holds offline tokens, so the
// session names no user; the session token of the admin request does (`sub`, signed by Shopify).
export function staffActor(sessionToken: { sub?: string } | undefined): string {
  return `staff:${sessionToken?.sub ?? "offline"}`;
}
