// Every address no other route serves. Answering the 404 from a route (rather than leaving it to
// Remix's router) lets the root loader run, so the error page carries the request id, and keeps
// Remix's "No route matches URL" text, which quotes the path, out of the page.
const notFound = () => {
  throw new Response("Not Found", { status: 404 });
};

export const loader = notFound;
export const action = notFound;

// Never rendered (the loader always throws); its presence makes this a page, answered by the root
// ErrorBoundary, rather than a resource route.
export default function NotFound() {
  return null;
}
