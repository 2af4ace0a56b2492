/** Splits code into lower-cased identifier words: `parseHTTPRequest_v2` → parse, http, request, v2. */
export function identifierWords(text: string): string[] {
  const words: string[] = [];
  for (const id of text.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []) {
    for (const part of id.split(/[_$]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)) {
      if (part.length > 1) words.push(part.toLowerCase());
    }
  }
  return words;
}
