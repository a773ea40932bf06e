// The data inventory on the Data & recipients page: each category the app declares, with the shop's
// retention period and whether the shop collects it at all. Condensed to one cell per row on a phone.
import { Badge, BlockStack, IndexTable, Text, useBreakpoints } from "@shopify/polaris";
import { retentionText } from "../data-inventory/inventory-words";
import type { ShopDataCategory } from "../data-inventory/shop-inventory.server";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { SectionCard } from "./section-card";
import { Wrapping } from "./wrapping-cell";

export function DataInventoryCard({ inventory }: { inventory: ShopDataCategory[] }) {
  const { t } = useAdminLanguage();
  const condensed = useBreakpoints().smDown;
  const status = (category: ShopDataCategory) => (
    <Badge tone={category.collected ? "success" : undefined}>{t(category.collected ? "data.collected" : "data.notCollected")}</Badge>
  );
  const name = (category: ShopDataCategory) => (
    <BlockStack gap="050">
      <Text as="span" fontWeight="semibold">
        {t(`data.categories.${category.id}.name`)}
      </Text>
      <Text as="span" tone="subdued" variant="bodySm">
        {`${t(`data.subjects.${category.subjects}`)} · ${t("data.storedIn", { tables: category.storedIn.join(", ") })}`}
      </Text>
    </BlockStack>
  );
  const purpose = (category: ShopDataCategory) => (
    <BlockStack gap="050">
      <Text as="span">{t(`data.categories.${category.id}.purpose`)}</Text>
      <Text as="span" tone="subdued" variant="bodySm">
        {t(`data.legalBasis.${category.legalBasis}`)}
      </Text>
    </BlockStack>
  );
  return (
    <SectionCard title={t("data.inventoryTitle")} help={t("data.inventoryHelp")}>
      <IndexTable
        condensed={condensed}
        selectable={false}
        resourceName={{ singular: t("data.columns.category"), plural: t("data.columns.category") }}
        itemCount={inventory.length}
        headings={[{ title: t("data.columns.category") }, { title: t("data.columns.purpose") }, { title: t("data.columns.retention") }, { title: t("data.columns.protection") }, { title: t("data.columns.status") }]}
      >
        {inventory.map((category, index) => (
          <IndexTable.Row id={category.id} key={category.id} position={index}>
            {condensed ? (
              <IndexTable.Cell>
                <Wrapping>
                  <BlockStack gap="100">
                    {name(category)}
                    {purpose(category)}
                    <Text as="span" variant="bodySm">{`${retentionText(category.retention, t)} · ${t(`data.protection.${category.protection}`)}`}</Text>
                    <span>{status(category)}</span>
                  </BlockStack>
                </Wrapping>
              </IndexTable.Cell>
            ) : (
              <>
                <IndexTable.Cell>
                  <Wrapping>{name(category)}</Wrapping>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Wrapping>{purpose(category)}</Wrapping>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Wrapping>{retentionText(category.retention, t)}</Wrapping>
                </IndexTable.Cell>
                <IndexTable.Cell>{t(`data.protection.${category.protection}`)}</IndexTable.Cell>
                <IndexTable.Cell>{status(category)}</IndexTable.Cell>
              </>
            )}
          </IndexTable.Row>
        ))}
      </IndexTable>
    </SectionCard>
  );
}
