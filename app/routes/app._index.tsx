import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { config } from "../config.server";
import { db } from "../db.server";
import { checkReadiness, migrationsDirFor } from "../health/readiness.server";
import { queues } from "../jobs/queues.server";
import { getShopOverview } from "../shops/overview.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [overview, readiness] = await Promise.all([
    getShopOverview({ db: db(), shop: session.shop }),
    checkReadiness({ db: db(), redis: queues().connection, migrationsDir: migrationsDirFor(config().database.provider) }),
  ]);
  return { overview, services: readiness.checks };
};

const SERVICE_LABELS = { database: "Database", redis: "Job queue (Redis)" } as const;

export default function Home() {
  const { overview, services } = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="Consent Vault" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {overview.shop}
              </Text>
              <Text as="p" tone="subdued">
                {overview.installedAt
                  ? `Installed ${new Date(overview.installedAt).toLocaleDateString()}`
                  : "Installation is being recorded"}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Services
              </Text>
              {(Object.keys(SERVICE_LABELS) as (keyof typeof SERVICE_LABELS)[]).map((key) => (
                <InlineStack key={key} align="space-between">
                  <Text as="span">{SERVICE_LABELS[key]}</Text>
                  {services[key].ok ? (
                    <Badge tone="success">Operational</Badge>
                  ) : (
                    <Badge tone="critical">{`Unavailable: ${services[key].error ?? "unknown"}`}</Badge>
                  )}
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
