// Every admin page: the title goes to the admin's title bar (App Bridge), with the way back as its
// breadcrumb, and, for screen readers and the document outline, into the page as its one h1 (the
// title bar already shows it to sighted users, so the page does not repeat it visibly).
import { Link } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Page, Text, type PageProps } from "@shopify/polaris";
import type { ReactNode } from "react";

export function AdminPage({
  title,
  breadcrumb,
  children,
  ...page
}: { title: string; breadcrumb?: { content: string; url: string }; children: ReactNode } & Pick<PageProps, "fullWidth" | "narrowWidth">) {
  return (
    <Page {...page}>
      <TitleBar title={title}>
        {breadcrumb ? (
          <Link variant="breadcrumb" to={breadcrumb.url}>
            {breadcrumb.content}
          </Link>
        ) : null}
      </TitleBar>
      <Text as="h1" visuallyHidden>
        {title}
      </Text>
      {children}
    </Page>
  );
}
