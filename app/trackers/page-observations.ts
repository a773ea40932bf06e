// What one page of the storefront shows before any consent, as either scanner records it: the
// third-party requests (or the tags that would make them), the cookies and the storage keys. Plain
// data, shared by the browser and the static scanner and the classification that follows.
import type { RequestType } from "./tracker-classifier.server";

/** Where a tracker is put on the storefront. */
export type TrackerSource = "theme" | "app embed" | "pixel";

export type ObservationKind = "script" | "iframe" | "pixel" | "beacon";

export interface RequestObservation {
  kind: ObservationKind;
  url: string;
  type: RequestType;
  source: TrackerSource;
  /** The app whose embed block put it there (from the theme's "BEGIN app block" marker). */
  app?: string;
}

export interface StoredNameObservation {
  kind: "cookie" | "storage";
  name: string;
  /** The script that set it (from the call stack), or the cookie's domain as a URL. */
  setBy: string | null;
}

export interface PageObservations {
  page: string;
  requests: RequestObservation[];
  names: StoredNameObservation[];
  /** Tracker URLs the embed holds on this page (type="text/plain" or data-cv-src, data-consent). */
  held: string[];
}

export function observationKind(type: RequestType): ObservationKind {
  if (type === "script") return "script";
  if (type === "sub_frame") return "iframe";
  if (type === "image") return "pixel";
  return "beacon";
}
