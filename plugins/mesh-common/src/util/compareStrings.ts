/**
 * Orders strings by UTF-16 code units, like the default `Array#sort`, so that
 * keys and finding ids sort the same way in every locale and runtime.
 */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
