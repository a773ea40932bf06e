// A calendar day in a form, in the admin's language (a native date input shows the browser's
// format): typed as the admin writes dates ("15.01.2026", or ISO), or picked from Polaris' calendar
// behind the button next to it (the Polaris date-picking pattern). The form gets YYYY-MM-DD.
import { Button, Card, DatePicker, Popover, TextField } from "@shopify/polaris";
import { CalendarIcon } from "@shopify/polaris-icons";
import { useEffect, useMemo, useState } from "react";
import { dayInputFormat, isoDay } from "../i18n/day-input";
import { useAdminLanguage } from "../i18n/use-admin-language";

interface DateFieldProps {
  label: string;
  /** "2026-01-15", or "" for none. */
  value: string;
  onChange(value: string): void;
  /** Submitted as YYYY-MM-DD under this name (for plain forms). */
  name?: string;
  helpText?: string;
  error?: string;
  /** The last day that may be chosen. */
  max?: string;
}

/** The picker works in the browser's own calendar days: a day's midnight there, not in UTC. */
const localDate = (iso: string) => {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  return new Date(year, month - 1, day);
};
const fromLocalDate = (date: Date) => isoDay(date.getFullYear(), date.getMonth() + 1, date.getDate())!;

export function DateField({ label, value, onChange, name, helpText, error, max }: DateFieldProps) {
  const { t, locale } = useAdminLanguage();
  const days = useMemo(() => dayInputFormat(locale), [locale]);
  const [text, setText] = useState(days.format(value));
  const [typingError, setTypingError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const shown = localDate(value || max || fromLocalDate(new Date()));
  const [{ month, year }, setMonth] = useState({ month: shown.getMonth(), year: shown.getFullYear() });
  useEffect(() => setText(days.format(value)), [days, value]);

  const commit = () => {
    if (text.trim() === "") {
      setTypingError(null);
      if (value !== "") onChange("");
      return;
    }
    const parsed = days.parse(text);
    if (!parsed || (max && parsed > max)) {
      setTypingError(parsed ? t("dateField.afterMax", { day: days.format(max!) }) : t("dateField.invalid", { example: days.example }));
      return;
    }
    setTypingError(null);
    setText(days.format(parsed));
    if (parsed !== value) onChange(parsed);
  };
  // A complete day takes effect as it is typed, so pressing Enter submits what the field shows.
  const type = (next: string) => {
    setText(next);
    const parsed = days.parse(next);
    if (parsed && !(max && parsed > max) && parsed !== value) {
      setTypingError(null);
      onChange(parsed);
    }
  };
  const toggle = () => {
    if (!open) setMonth({ month: shown.getMonth(), year: shown.getFullYear() });
    setOpen(!open);
  };

  return (
    <>
      <TextField
        label={label}
        value={text}
        onChange={type}
        onBlur={commit}
        placeholder={t("dateField.pattern")}
        helpText={helpText}
        error={typingError ?? error}
        autoComplete="off"
        connectedRight={
          <Popover
            active={open}
            onClose={() => setOpen(false)}
            autofocusTarget="first-node"
            preferredAlignment="right"
            activator={<Button icon={CalendarIcon} onClick={toggle} accessibilityLabel={t("dateField.choose", { label })} />}
          >
            <Card>
              <DatePicker
                month={month}
                year={year}
                selected={value ? localDate(value) : undefined}
                disableDatesAfter={max ? localDate(max) : undefined}
                weekStartsOn={locale === "de" ? 1 : 0}
                onMonthChange={(nextMonth, nextYear) => setMonth({ month: nextMonth, year: nextYear })}
                onChange={({ start }) => {
                  setTypingError(null);
                  onChange(fromLocalDate(start));
                  setOpen(false);
                }}
              />
            </Card>
          </Popover>
        }
      />
      {name ? <input type="hidden" name={name} value={value} /> : null}
    </>
  );
}
