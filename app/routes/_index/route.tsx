// The app URL opened outside the admin: inside Shopify's redirect it carries ?shop=, which goes
// straight to the embedded app; anyone else is asked for their shop domain.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  throw redirect("/auth/login");
};
