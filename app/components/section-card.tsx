// One titled card in a page's layout: the h2 every admin section starts with, an optional line of
// help under it, then the section's content.
import { BlockStack, Card, Layout, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

export function SectionCard({ title, help, children }: { title: ReactNode; help?: ReactNode; children?: ReactNode }) {
  return (
    <Layout.Section>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {help ? (
            <Text as="p" tone="subdued">
              {help}
            </Text>
          ) : null}
          {children}
        </BlockStack>
      </Card>
    </Layout.Section>
  );
}
