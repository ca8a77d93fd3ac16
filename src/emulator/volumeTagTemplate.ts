/**
 * Matching a SEND VOLUME TAG translate template against volume tags: `*` stands for any run of
 * characters (also none), `?` for exactly one; everything else matches itself. Trailing spaces
 * are padding on the wire and never significant.
 */
export function volumeTagMatcher(template: string): (tag: string) => boolean {
  const pattern = template
    .replace(/ +$/, '')
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${pattern}$`, 's');
  return (tag) => regex.test(tag.replace(/ +$/, ''));
}
