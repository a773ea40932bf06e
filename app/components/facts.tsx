import { BlockStack, InlineStack, Text, type TextProps } from "@shopify/polaris";

export interface Fact {
  label: string;
  value: string;
  tone?: TextProps["tone"];
}

/** A row of figures, each with its label underneath (the home page's cards). */
export function Facts({ facts, size = "headingSm" }: { facts: Fact[]; size?: TextProps["variant"] }) {
  return (
    <InlineStack gap="600">
      {facts.map(({ label, value, tone }) => (
        <BlockStack key={label} gap="050">
          <Text as="p" variant={size} tone={tone}>
            {value}
          </Text>
          <Text as="p" tone="subdued">
            {label}
          </Text>
        </BlockStack>
      ))}
    </InlineStack>
  );
}
