// Publishes the rule set to the storefront as an app-data metafield (owned by the app installation),
// which the embed reads in Liquid: no request from the storefront, nothing added to the banner's
// script. metafieldsSet replaces the value atomically.
import { z } from "zod";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import { RULES_METAFIELD, type TrackerRules } from "./tracker-rules.server";

const APP_INSTALLATION = `query TrackerRulesOwner { currentAppInstallation { id } }`;

const SET_RULES = `mutation TrackerRulesSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { key namespace }
    userErrors { field message code }
  }
}`;

const ownerAnswer = z.object({ currentAppInstallation: z.object({ id: z.string() }) });
const setAnswer = z.object({ metafieldsSet: z.object({ metafields: z.array(z.looseObject({ key: z.string() })).nullable(), userErrors: z.array(z.looseObject({ field: z.array(z.string()).nullish(), message: z.string() })) }) });

export class RulesPublishError extends Error {}

export async function publishTrackerRules({ client, rules }: { client: AdminGraphqlClient; rules: TrackerRules }) {
  const { data: owner } = await client.request({ query: APP_INSTALLATION, data: ownerAnswer });
  const metafield = { ownerId: owner.currentAppInstallation.id, ...RULES_METAFIELD, value: JSON.stringify(rules) };
  const { data } = await client.request({ query: SET_RULES, variables: { metafields: [metafield] }, data: setAnswer });
  if (data.metafieldsSet.userErrors.length) throw new RulesPublishError(`metafieldsSet refused: ${data.metafieldsSet.userErrors.map((e) => `${(e.field ?? []).join(".")} ${e.message}`).join("; ")}`);
}
