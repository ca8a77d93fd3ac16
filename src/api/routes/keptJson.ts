// The JSON text of list items, kept by the item object: a list whose items are mostly the same
// objects as last time (the manager keeps a medium's view while the medium is unchanged) is the
// kept texts joined, and only new items are serialized. Serializing all 10 000 media of a full
// listing, and collecting the garbage of doing so, was most of its 200–270 ms (issue 17).
export class KeptJson<T extends object> {
  readonly #texts = new WeakMap<T, string>();

  /**
   * The list as a JSON array, each item's text by `serialize` (the route's serializer for one
   * item, so the bytes are those the route's serializer of the whole list gives).
   */
  array(items: readonly T[], serialize: (item: T) => string): string {
    let text = '[';
    for (let n = 0; n < items.length; n++) {
      const item = items[n] as T;
      let itemText = this.#texts.get(item);
      if (itemText === undefined) {
        itemText = serialize(item);
        this.#texts.set(item, itemText);
      }
      text += n === 0 ? itemText : `,${itemText}`;
    }
    return `${text}]`;
  }
}
