// Countries a recipient may be in, and what GDPR Chapter V says about sending data there. Not a
// .server module: the recipient form lists the same countries in the browser.

/** ISO 3166-1 alpha-2 codes. */
export const COUNTRIES = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN " +
  "CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM " +
  "HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK " +
  "ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
  "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI " +
  "VN VU WF WS YE YT ZA ZM ZW"
).split(" ");

/** The EU's 27 and Iceland, Liechtenstein and Norway: no transfer mechanism needed. */
export const EEA = new Set("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK".split(" "));

/**
 * Countries with an EU adequacy decision (Art. 45). For the United States it covers only companies
 * certified under the EU-US Data Privacy Framework: the merchant confirms that by choosing it.
 */
export const ADEQUATE = new Set("AD AR CA CH FO GB GG IL IM JE JP KR NZ US UY".split(" "));

/** How a transfer is lawful: inside the EEA, an adequacy decision, standard contractual clauses, binding corporate rules, an Art. 49 derogation. */
export const TRANSFER_MECHANISMS = ["eea", "adequacy", "scc", "bcr", "derogation"] as const;
export type TransferMechanism = (typeof TRANSFER_MECHANISMS)[number];

/** Why a mechanism does not fit a country, or null when it does. */
export function mechanismMismatch(country: string, mechanism: TransferMechanism): "notInEea" | "inEea" | "noAdequacy" | null {
  if (EEA.has(country)) return mechanism === "eea" ? null : "inEea";
  if (mechanism === "eea") return "notInEea";
  if (mechanism === "adequacy" && !ADEQUATE.has(country)) return "noAdequacy";
  return null;
}
