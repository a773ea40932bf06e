// The privacy center's outgoing email, over the SMTP server configured by SMTP_URL (nodemailer).
// Unset: no mailer, and the privacy center tells guests to log in instead.
import nodemailer from "nodemailer";
import { config } from "../config.server";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export function smtpMailer({ url, from }: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send({ to, subject, text }) {
      await transport.sendMail({ from, to, subject, text });
    },
  };
}

const cached = globalThis as unknown as { consentVaultMailer?: { url: string; mailer: Mailer } };

/** The process's mailer from its configuration, or null when SMTP_URL is not set. */
export function configuredMailer(): Mailer | null {
  const { SMTP_URL, SMTP_FROM } = config();
  if (!SMTP_URL) return null;
  if (cached.consentVaultMailer?.url !== SMTP_URL) cached.consentVaultMailer = { url: SMTP_URL, mailer: smtpMailer({ url: SMTP_URL, from: SMTP_FROM }) };
  return cached.consentVaultMailer.mailer;
}
