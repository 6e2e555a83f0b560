// Retry-After, as Shopify and the video providers send it. RFC 9110 §10.2.3:
// delay-seconds (digits only) or an HTTP-date, whose three forms a recipient
// must accept (§5.6.7), always in GMT. Shopify's rate-limit answers write the
// seconds as a decimal ("2.0"), so digits with a fraction are read too; a sign,
// an exponent or any other date text is no Retry-After at all.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = MONTHS.join("|");
const TIME = String.raw`(\d{2}):(\d{2}):(\d{2})`;
/** Sun, 06 Nov 1994 08:49:37 GMT */
const IMF_FIXDATE = new RegExp(String.raw`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (${MONTH}) (\d{4}) ${TIME} GMT$`);
/** Sunday, 06-Nov-94 08:49:37 GMT (obsolete) */
const RFC_850 = new RegExp(
  String.raw`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-(${MONTH})-(\d{2}) ${TIME} GMT$`,
);
/** Sun Nov  6 08:49:37 1994 (obsolete, C's asctime) */
const ASCTIME = new RegExp(String.raw`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTH}) ([ \d]\d) ${TIME} (\d{4})$`);

/** How long Retry-After asks to wait from `now`, in milliseconds (0 for a date passed); null when the header says nothing usable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const at = httpDate(value, now);
  return at === null ? null : Math.max(0, at - now);
}

function httpDate(value: string, now: number): number | null {
  let match = IMF_FIXDATE.exec(value);
  if (match) return utc(Number(match[3]), match[2], match[1], match.slice(4, 7));
  match = RFC_850.exec(value);
  if (match) return utc(fullYear(Number(match[3]), now), match[2], match[1], match.slice(4, 7));
  match = ASCTIME.exec(value);
  if (match) return utc(Number(match[6]), match[1], match[2].trim(), match.slice(3, 6));
  return null;
}

/** A two-digit year more than 50 years ahead is the latest past year with those digits (RFC 9110 §5.6.7). */
function fullYear(twoDigits: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  const year = Math.floor(thisYear / 100) * 100 + twoDigits;
  return year > thisYear + 50 ? year - 100 : year;
}

/** The instant, or null for a date that does not exist (31 Feb, 25:00). */
function utc(year: number, monthName: string, day: string, [hour, minute, second]: string[]): number | null {
  const month = MONTHS.indexOf(monthName);
  const at = Date.UTC(year, month, Number(day), Number(hour), Number(minute), Number(second));
  const date = new Date(at);
  const exists =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month &&
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === Number(hour) &&
    date.getUTCMinutes() === Number(minute) &&
    date.getUTCSeconds() === Number(second);
  return exists ? at : null;
}
