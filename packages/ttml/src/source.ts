/** A template file's text and the means to turn an offset into a line and column (1-based). */
export class SourceFile {
  readonly name: string;
  readonly text: string;
  readonly #lineStarts: number[];

  constructor(name: string, text: string) {
    this.name = name;
    this.text = text;
    this.#lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === "\n") this.#lineStarts.push(i + 1);
    }
  }

  position(offset: number): SourcePosition {
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.#lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.#lineStarts[low] ?? 0) + 1 };
  }

  /** "pages/index/index.ttml:12:7" */
  where(offset: number): string {
    const { line, column } = this.position(offset);
    return `${this.name}:${line}:${column}`;
  }
}

export interface SourcePosition {
  line: number;
  column: number;
}

/** Where something is in a template: the file, the offset, and line and column from it. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

export function locate(source: SourceFile, offset: number): Location {
  return { file: source.name, ...source.position(offset) };
}
