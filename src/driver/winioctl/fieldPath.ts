/**
 * The name of a member inside a nested structure, as error messages show it: `Destination.ElementType`,
 * or just `ElementType` when the nested structure is the whole buffer.
 */
export function fieldPath(parent: string, member: string): string {
  return parent === '' ? member : `${parent}.${member}`;
}
