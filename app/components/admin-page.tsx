// Every admin page: the title goes to the admin's title bar (App Bridge) and, for screen readers and
// the document outline, into the page as its one h1; the title bar shows it to sighted users.
import { TitleBar } from "@shopify/app-bridge-react";
import { Page, Text, type PageProps } from "@shopify/polaris";
import type { ReactNode } from "react";

export function AdminPage({ title, children, ...page }: { title: string; children: ReactNode } & Pick<PageProps, "backAction" | "fullWidth" | "narrowWidth">) {
  return (
    <Page {...page}>
      <TitleBar title={title} />
      <Text as="h1" visuallyHidden>
        {title}
      </Text>
      {children}
    </Page>
  );
}
