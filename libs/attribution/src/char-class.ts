/**
 * A test for one UTF-16 code unit against `re` (a one-character class such as /\s/ or
 * /[\p{L}.]/u), learned per code unit on first sight: a table read instead of a regex match per
 * character. A lone surrogate half is tested as itself, as `re.test(text[i])` would test it.
 */
export function charClass(re: RegExp): (code: number) => boolean {
  // 0: not yet seen, 1: in the class, 2: not.
  const seen = new Uint8Array(0x10000);
  return (code) => {
    let known = seen[code];
    if (known === 0) {
      known = re.test(String.fromCharCode(code)) ? 1 : 2;
      seen[code] = known;
    }
    return known === 1;
  };
}
