// Maps strings to small integers, so a canonical state encodes as integers.
// Bounded: an interner that keeps growing means states are not being merged.

export class Interner {
  private readonly ids = new Map<string, number>();
  readonly texts: string[] = [];
  constructor(private readonly limit: number) {}

  id(text: string): number {
    const known = this.ids.get(text);
    if (known !== undefined) return known;
    if (this.texts.length >= this.limit) throw new Error(`interner: more than ${this.limit} distinct values`);
    const id = this.texts.length;
    this.ids.set(text, id);
    this.texts.push(text);
    return id;
  }
}
