// Settings › Staff access and MFA: the signed-in staff member's own TOTP enrolment (QR code, then a
// code to confirm, then recovery codes shown once), who may reveal customers' personal data, and
// whether the shop requires MFA of everyone. Access and policy changes need a recent step-up. Staff
// are named as Shopify names them (the staff directory: everyone who opened the app); the permission
// is granted by choosing one of them, and kept by user id.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Checkbox, InlineStack, Layout, List, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { AdminPage } from "../components/admin-page";
import { SectionCard } from "../components/section-card";
import { StepUpCard } from "../components/step-up-card";
import { shopDb } from "../db.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import type { Translate } from "../i18n/i18n";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { authenticate } from "../shopify.server";
import { confirmMfaEnrolment, startMfaEnrolment } from "../staff/mfa-enrolment.server";
import { mfaRequired, setMfaRequired } from "../staff/mfa-policy.server";
import { listRevealPermissions, mayManagePermissions, refusalOfAccessChange, setRevealPermission } from "../staff/permissions.server";
import { unusedRecoveryCodes } from "../staff/recovery-codes.server";
import { isKnownStaffMember, listStaffDirectory, type StaffDirectoryEntry } from "../staff/staff-directory.server";
import { requireStaffMember, type StaffMember } from "../staff/staff-member.server";
import { passStepUpGate, stepUpStatus } from "../staff/step-up.server";
import { vault } from "../vault/vault.server";

export const meta = titled("staffSecurity.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = requireStaffMember(session.shop, sessionToken);
  const [stepUp, recoveryCodesLeft, permissions, mayManage, required, directory] = await Promise.all([
    stepUpStatus({ db: shopDb(staff.shop), staff }),
    unusedRecoveryCodes({ db: shopDb(staff.shop), staff }),
    listRevealPermissions({ db: shopDb(staff.shop), shop: staff.shop }),
    mayManagePermissions({ db: shopDb(staff.shop), staff }),
    mfaRequired({ db: shopDb(staff.shop), shop: staff.shop }),
    listStaffDirectory({ db: shopDb(staff.shop), keys: vault(), shop: staff.shop }),
  ]);
  const known = new Map(directory.map((entry) => [entry.userId, entry]));
  const holders = permissions.map((permission) => ({ ...(known.get(permission.userId) ?? { userId: permission.userId, name: null, accountOwner: false }), since: permission.updatedAt }));
  // Who can be granted the permission: staff who opened the app and do not hold it yet.
  const candidates = directory.filter((entry) => !permissions.some((permission) => permission.userId === entry.userId));
  return { userId: staff.userId, stepUp, recoveryCodesLeft, holders, candidates, mayManage, required };
};

const flag = z.enum(["true", "false"]).transform((value) => value === "true");
const actionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("enrol-start") }),
  z.object({ intent: z.literal("enrol-confirm"), code: z.string().trim().regex(/^\d{6}$/) }),
  z.object({ intent: z.literal("permission"), userId: z.string().trim().regex(/^\d{1,20}$/), mayReveal: flag }),
  z.object({ intent: z.literal("policy"), required: flag }),
]);

/** Changing who may do what needs the permission itself (after the first grant) and a step-up. */
async function refusedAccessChange(staff: StaffMember, operation: "staff.permission-change" | "mfa.policy-change") {
  const refusal = await refusalOfAccessChange({ db: shopDb(staff.shop), staff, operation });
  return refusal && data({ intent: operation, denied: refusal }, { status: 403 });
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = requireStaffMember(session.shop, sessionToken);
  const form = parseOrBadRequest(actionForm, Object.fromEntries(await request.formData()));
  switch (form.intent) {
    case "enrol-start": {
      // Replacing a confirmed enrolment is itself protected: whoever holds the session must not swap the
      // authenticator. A first enrolment is not: it is what a shop that requires MFA asks of its staff.
      if ((await stepUpStatus({ db: shopDb(staff.shop), staff })).enrolled) {
        const gate = await passStepUpGate({ db: shopDb(staff.shop), staff, operation: "mfa.re-enrol" });
        if (!gate.allowed) return data({ intent: form.intent, denied: gate.reason }, { status: 403 });
      }
      const { secret, qrSvg } = await startMfaEnrolment({ db: shopDb(staff.shop), staff });
      return { intent: form.intent, secret, qrSvg };
    }
    case "enrol-confirm": {
      const result = await confirmMfaEnrolment({ db: shopDb(staff.shop), staff, code: form.code });
      if (!result.confirmed) return data({ intent: form.intent, failure: result.failure }, { status: result.failure === "locked" ? 429 : 403 });
      return { intent: form.intent, recoveryCodes: result.recoveryCodes };
    }
    case "permission": {
      // Only someone who has opened the app in this shop can be granted it; withdrawing works for any holder.
      if (form.mayReveal && !(await isKnownStaffMember({ db: shopDb(staff.shop), shop: staff.shop, userId: form.userId }))) {
        return data({ intent: form.intent, error: "unknown-staff" }, { status: 422 });
      }
      const refused = await refusedAccessChange(staff, "staff.permission-change");
      if (refused) return refused;
      await setRevealPermission({ db: shopDb(staff.shop), staff, userId: form.userId, mayReveal: form.mayReveal });
      return { intent: form.intent, saved: true };
    }
    case "policy": {
      const refused = await refusedAccessChange(staff, "mfa.policy-change");
      if (refused) return refused;
      await setMfaRequired({ db: shopDb(staff.shop), staff, required: form.required });
      return { intent: form.intent, saved: true };
    }
  }
};

type ActionResult = { intent: string; secret?: string; qrSvg?: string; recoveryCodes?: string[]; failure?: string; denied?: string; error?: string; saved?: boolean };

/** A staff member as the page names them: their name, "Staff member <id>" when unknown, "(you)" for the viewer. */
function staffName(t: Translate, entry: Pick<StaffDirectoryEntry, "userId" | "name">, me: string): string {
  const name = entry.name ?? t("staff.unnamed", { userId: entry.userId });
  return entry.userId === me ? t("staff.you", { name }) : name;
}

function EnrolmentCard({ enrolled, recoveryCodesLeft, result }: { enrolled: boolean; recoveryCodesLeft: number; result: ActionResult | undefined }) {
  const { t } = useAdminLanguage();
  const [code, setCode] = useState("");
  const busy = useNavigation().state === "submitting";
  const pending = result?.intent === "enrol-start" && result.qrSvg ? result : null;
  const confirmFailed = result?.intent === "enrol-confirm" && result.failure;
  return (
    <SectionCard title={t("staffSecurity.enrolTitle")} help={t("staffSecurity.enrolHelp")}>
      {result?.recoveryCodes ? (
        <Banner tone="success" title={t("staffSecurity.enrolled")}>
          <BlockStack gap="200">
            <p>{t("staffSecurity.recoveryCodesHelp")}</p>
            <List>
              {result.recoveryCodes.map((recoveryCode) => (
                <List.Item key={recoveryCode}>
                  <code>{recoveryCode}</code>
                </List.Item>
              ))}
            </List>
          </BlockStack>
        </Banner>
      ) : enrolled ? (
        <Text as="p">{t("staffSecurity.enrolledStatus", { count: recoveryCodesLeft })}</Text>
      ) : null}
      {pending || confirmFailed ? (
        <Form method="post">
          <BlockStack gap="200">
            {pending ? (
              <>
                <Box maxWidth="240px">
                  <img src={`data:image/svg+xml;base64,${btoa(pending.qrSvg!)}`} alt={t("staffSecurity.qrAlt")} width={240} height={240} />
                </Box>
                <Text as="p">{t("staffSecurity.secretText", { secret: pending.secret! })}</Text>
              </>
            ) : null}
            <input type="hidden" name="intent" value="enrol-confirm" />
            <TextField
              label={t("staffSecurity.confirmCode")}
              name="code"
              value={code}
              onChange={setCode}
              autoComplete="one-time-code"
              error={confirmFailed ? t(`stepUp.failures.${result.failure}`) : undefined}
            />
            <InlineStack>
              <Button submit variant="primary" loading={busy}>
                {t("staffSecurity.confirm")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Form>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="enrol-start" />
          {result?.intent === "enrol-start" && result.denied ? (
            <Banner tone="critical">
              <p>{t(`customer.denied.${result.denied}`)}</p>
            </Banner>
          ) : null}
          <Button submit loading={busy}>
            {enrolled ? t("staffSecurity.reEnrol") : t("staffSecurity.enrol")}
          </Button>
        </Form>
      )}
    </SectionCard>
  );
}

/** One holder of the permission, with its withdrawal: a button that first asks to confirm. */
function HolderLine({ holder, mayManage }: { holder: { userId: string; label: string; accountOwner: boolean; since: string }; mayManage: boolean }) {
  const { t, format } = useAdminLanguage();
  const [confirming, setConfirming] = useState(false);
  return (
    <BlockStack gap="100">
      <InlineStack gap="200" blockAlign="center">
        <Text as="span">{t("staffSecurity.holder", { name: holder.label, since: format.dateTime(holder.since) })}</Text>
        {holder.accountOwner ? <Badge>{t("staff.owner")}</Badge> : null}
        {mayManage && !confirming ? (
          <Button variant="plain" tone="critical" onClick={() => setConfirming(true)} accessibilityLabel={t("staffSecurity.withdrawFor", { name: holder.label })}>
            {t("staffSecurity.withdraw")}
          </Button>
        ) : null}
      </InlineStack>
      {mayManage && confirming ? (
        <Form method="post">
          <input type="hidden" name="intent" value="permission" />
          <input type="hidden" name="userId" value={holder.userId} />
          <input type="hidden" name="mayReveal" value="false" />
          <BlockStack gap="200">
            <Text as="p">{t("staffSecurity.withdrawConfirm", { name: holder.label })}</Text>
            <InlineStack gap="200">
              <Button submit variant="primary" tone="critical">
                {t("staffSecurity.withdraw")}
              </Button>
              <Button onClick={() => setConfirming(false)}>{t("staffSecurity.cancel")}</Button>
            </InlineStack>
          </BlockStack>
        </Form>
      ) : null}
    </BlockStack>
  );
}

export default function StaffSecurity() {
  const { userId, stepUp, recoveryCodesLeft, holders, candidates, mayManage, required } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useAdminLanguage();
  const [grantee, setGrantee] = useState("");
  // A granted staff member leaves the choices.
  useEffect(() => {
    if (result?.saved) setGrantee("");
  }, [result]);
  const [requireAll, setRequireAll] = useState(required);
  const refused = result?.denied && result.intent !== "enrol-start" ? t(`customer.denied.${result.denied}`) : null;
  return (
    <AdminPage title={t("staffSecurity.title")} breadcrumb={{ content: t("settings.title"), url: "/app/settings" }}>
      <Layout>
        <EnrolmentCard enrolled={stepUp.enrolled} recoveryCodesLeft={recoveryCodesLeft} result={result} />
        <StepUpCard status={stepUp} />
        <SectionCard title={t("staffSecurity.accessTitle")} help={t("staffSecurity.accessHelp")}>
          {refused ? (
            <Banner tone="critical">
              <p>{refused}</p>
            </Banner>
          ) : null}
          {holders.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("staffSecurity.nobodyMayReveal")}
            </Text>
          ) : (
            <List>
              {holders.map((holder) => (
                <List.Item key={holder.userId}>
                  <HolderLine holder={{ ...holder, label: staffName(t, holder, userId) }} mayManage={mayManage} />
                </List.Item>
              ))}
            </List>
          )}
          {!mayManage ? (
            <Text as="p" tone="subdued">
              {t("staffSecurity.cannotManage")}
            </Text>
          ) : candidates.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("staffSecurity.noCandidates")}
            </Text>
          ) : (
            <Form method="post">
              <BlockStack gap="200">
                <input type="hidden" name="intent" value="permission" />
                <input type="hidden" name="mayReveal" value="true" />
                <Select
                  label={t("staffSecurity.granteeLabel")}
                  name="userId"
                  options={[
                    { label: t("staffSecurity.granteePlaceholder"), value: "", disabled: true },
                    ...candidates.map((candidate) => ({
                      label: candidate.accountOwner ? `${staffName(t, candidate, userId)} · ${t("staff.owner")}` : staffName(t, candidate, userId),
                      value: candidate.userId,
                    })),
                  ]}
                  value={grantee}
                  onChange={setGrantee}
                  helpText={t("staffSecurity.granteeHelp")}
                  error={result?.error === "unknown-staff" ? t("staffSecurity.unknownStaff") : undefined}
                />
                <InlineStack>
                  <Button submit disabled={!grantee}>
                    {t("staffSecurity.grant")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          )}
        </SectionCard>
        <SectionCard title={t("staffSecurity.policyTitle")} help={t("staffSecurity.policyHelp")}>
          <Form method="post">
            <BlockStack gap="200">
              <input type="hidden" name="intent" value="policy" />
              <input type="hidden" name="required" value={String(requireAll)} />
              <Checkbox label={t("staffSecurity.requireAll")} checked={requireAll} onChange={setRequireAll} disabled={!mayManage} />
              <InlineStack>
                <Button submit disabled={!mayManage || requireAll === required}>
                  {t("settings.save")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </SectionCard>
      </Layout>
    </AdminPage>
  );
}
