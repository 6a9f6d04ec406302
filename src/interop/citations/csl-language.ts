/**
 * MARC language codes (008/35-37, 041) → the BCP 47 tags CSL's `language` expects. citeproc reads
 * the tag to decide whether a title may be title-cased (English only), so an unknown code is left
 * out rather than passed on as a tag it would misread. The list covers the languages catalogues
 * hold most; the rest of the MARC code list can be added here as a library needs it.
 */
const TAGS: Readonly<Record<string, string>> = {
  ara: 'ar',
  arm: 'hy',
  bul: 'bg',
  cat: 'ca',
  chi: 'zh',
  cze: 'cs',
  dan: 'da',
  dut: 'nl',
  eng: 'en',
  est: 'et',
  fin: 'fi',
  fre: 'fr',
  geo: 'ka',
  ger: 'de',
  gle: 'ga',
  gre: 'el',
  grc: 'grc',
  heb: 'he',
  hin: 'hi',
  hun: 'hu',
  ice: 'is',
  ind: 'id',
  ita: 'it',
  jpn: 'ja',
  kor: 'ko',
  lat: 'la',
  lav: 'lv',
  lit: 'lt',
  nor: 'no',
  per: 'fa',
  pol: 'pl',
  por: 'pt',
  rum: 'ro',
  rus: 'ru',
  san: 'sa',
  scc: 'sr',
  srp: 'sr',
  slo: 'sk',
  slv: 'sl',
  spa: 'es',
  swe: 'sv',
  tur: 'tr',
  ukr: 'uk',
  urd: 'ur',
  vie: 'vi',
  wel: 'cy',
  yid: 'yi',
};

export function languageTag(marcCode: string): string | undefined {
  return TAGS[marcCode.toLowerCase()];
}
