// What the app stores about shoppers, declared once: each category's columns, why (GDPR Art. 6(1)
// letter), how long (a retention kind the shop sets, or a fixed rule), and how it is protected. The
// Data & recipients page, the records of processing and the recipients register's categories are
// read from this table; test/data-inventory.test.ts checks it against the data model.
import type { RetentionKind } from "../retention/retention-periods.server";
import type { OptionalField } from "../sync/minimisation.server";

/** Art. 6(1) GDPR: (a) consent, (b) contract, (c) legal obligation, (f) legitimate interests. */
export type LegalBasis = "a" | "b" | "c" | "f";
export type Protection = "encrypted" | "pseudonymised" | "plain";
/** Rules that are not a shop setting: a guest's confirmation lives an hour, a request's identifiers go when it completes… */
export type FixedRetention = "oneHour" | "untilRequestCompleted" | "untilConsentWithdrawn";
export type CategoryRetention = { period: RetentionKind } | { fixed: FixedRetention };
export type DataSubjects = "customers" | "visitors";

export interface DataCategory {
  id: string;
  /** `Model.column` of every column holding this category. */
  fields: readonly string[];
  subjects: DataSubjects;
  legalBasis: LegalBasis;
  retention: CategoryRetention;
  protection: Protection;
  /** The synced-fields setting that turns the category off; none: always collected when the feature runs. */
  syncedField?: OptionalField;
}

const customerData = { subjects: "customers", retention: { period: "inactiveCustomerMonths" } } as const;

export const DATA_CATEGORIES = [
  { id: "email", fields: ["Customer.encryptedEmail", "Customer.emailIndex"], ...customerData, legalBasis: "c", protection: "encrypted" },
  { id: "names", fields: ["Customer.encryptedFirstName", "Customer.encryptedLastName"], ...customerData, legalBasis: "f", protection: "encrypted", syncedField: "names" },
  { id: "phone", fields: ["Customer.encryptedPhone", "Customer.phoneIndex"], ...customerData, legalBasis: "c", protection: "encrypted", syncedField: "phone" },
  { id: "address", fields: ["Customer.encryptedAddress"], ...customerData, legalBasis: "f", protection: "encrypted", syncedField: "address" },
  { id: "note", fields: ["Customer.encryptedNote"], ...customerData, legalBasis: "f", protection: "encrypted", syncedField: "note" },
  {
    id: "orders",
    fields: ["Order.customerId", "Order.processedAt", "Order.totalPrice", "Order.lineItems", "Customer.ordersCount", "Customer.amountSpent"],
    ...customerData,
    legalBasis: "c",
    protection: "plain",
  },
  {
    id: "marketingConsent",
    fields: ["Customer.emailMarketingState", "Customer.smsMarketingState", "Customer.dataSaleOptOut"],
    ...customerData,
    legalBasis: "c",
    protection: "plain",
  },
  {
    id: "cookieChoices",
    fields: ["ConsentReceipt.consentId", "ConsentReceipt.customerRef", "ConsentReceipt.analytics", "ConsentReceipt.marketing", "ConsentReceipt.path", "ConsentReceipt.ipHash"],
    subjects: "visitors",
    legalBasis: "c",
    retention: { period: "consentReceiptDays" },
    protection: "pseudonymised",
  },
  {
    id: "privacyRequests",
    fields: ["PrivacyRequest.customerId", "PrivacyRequest.subjectSealed", "PrivacyRequest.subjectRef"],
    subjects: "customers",
    legalBasis: "c",
    retention: { fixed: "untilRequestCompleted" },
    protection: "encrypted",
  },
  { id: "dataExports", fields: ["DataExport.sealed"], subjects: "customers", legalBasis: "c", retention: { period: "exportDays" }, protection: "encrypted" },
  { id: "guestConfirmations", fields: ["StorefrontLink.sealedClaim"], subjects: "visitors", legalBasis: "c", retention: { fixed: "oneHour" }, protection: "encrypted" },
  {
    id: "personalisation",
    fields: ["CustomerInsight.rfmGroup", "CustomerInsight.cluster", "CustomerInsight.predictedValue12m", "CustomerInsight.recommendedProducts", "PurchaseLine.productId"],
    subjects: "customers",
    legalBasis: "a",
    retention: { fixed: "untilConsentWithdrawn" },
    protection: "pseudonymised",
  },
  { id: "auditTrail", fields: ["AuditEvent.subjectRef", "AuditEvent.action"], subjects: "customers", legalBasis: "c", retention: { period: "auditDays" }, protection: "pseudonymised" },
] as const satisfies readonly DataCategory[];

export type DataCategoryId = (typeof DATA_CATEGORIES)[number]["id"];
export const DATA_CATEGORY_IDS = DATA_CATEGORIES.map((category) => category.id) as [DataCategoryId, ...DataCategoryId[]];

/** The tables a category lives in, from its columns. */
export const storedIn = (category: DataCategory) => [...new Set(category.fields.map((field) => field.split(".")[0]!))];
