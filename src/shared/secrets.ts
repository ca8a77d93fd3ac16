// The one place that knows what a secret looks like in text the project shows or stores: the
// password part of a URL's user-info — an iSCSI device URL's CHAP secret
// (`iscsi://user:secret@host/…`, or libiscsi's `user%secret`), a PostgreSQL catalog URL's
// password. Every edge that prints, logs or answers with a URL, or with an error message that may
// quote one, passes it through here.

/** A URL's user-info: everything between `scheme://` and the first `@` before any `/`. */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^@/\s'"<>]*)@/gi;

/**
 * A URL, or any text quoting URLs (an error message, a log line), with every password removed
 * and the user name kept (`iscsi://user@host/…`), so a reader still sees which account was used.
 * URLs without user-info pass unchanged.
 */
export function withoutSecret(text: string): string {
  return text.replace(USER_INFO, (_, scheme: string, userInfo: string) => {
    // libiscsi also separates the CHAP secret with '%'; elsewhere '%' starts an escape in the user name.
    const separator = /^iscsi:/i.test(scheme) ? /[:%]/ : /:/;
    return `${scheme}${userInfo.split(separator)[0] ?? ''}@`;
  });
}

/** A log record's fields with withoutSecret applied to every string in them, however deep. */
export function withoutSecrets<T>(value: T): T {
  if (typeof value === 'string') return withoutSecret(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => withoutSecrets(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSecrets(v)])) as T;
  }
  return value;
}
