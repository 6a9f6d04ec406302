/**
 * A library or shelving code as a location is written (`MAIN/STACKS`, parseLocation): upper case,
 * and a run of anything but letters, digits, `.`, `_` and `-` becomes one `-`, so a name some
 * records carry instead of a code ("Madan Puraskar Pustakalaya", "c-Music") still makes a location
 * the API can name. Empty when nothing is left.
 */
export function locationPart(text: string): string {
  return text
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
