// Log lines are read by more people than the config file is (journal, log shippers): a URL's
// password (an iSCSI CHAP secret quoted by an error, a PostgreSQL catalog URL) never reaches them.
import type { LoggerOptions } from 'pino';
import { withoutSecret, withoutSecrets } from '../shared/secrets.ts';

/** pino options that pass every logged field and message through withoutSecret. */
export const WITHOUT_SECRETS: Pick<LoggerOptions, 'formatters' | 'hooks'> = {
  formatters: { log: (record) => withoutSecrets(record) },
  hooks: {
    logMethod(args, method) {
      method.apply(this, args.map((a: unknown) => (typeof a === 'string' ? withoutSecret(a) : a)) as Parameters<typeof method>);
    },
  },
};
