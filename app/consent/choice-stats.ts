// What the Consent page's statistics are made of, shared by the server that counts and the page that
// draws them (no server code here: the browser bundle imports it).

/** The periods the page offers, in days. */
export const STATS_PERIODS = [7, 30, 90] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];

export interface ChoiceCounts {
  receipts: number;
  accepted: number;
  rejected: number;
  custom: number;
}

/** Share of receipts in whole percent (0 of none is 0). */
export const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));
