/**
 * Company names that are also everyday English words, with the words that, anywhere in a text,
 * point to the company rather than the word. A name here needs evidence before it is tagged
 * (see `resolve-ambiguous.ts`), whatever the directory says; directories add their own with
 * `ambiguous: true` and `context`.
 *
 * Keys are folded (lower-case, no diacritics) single words or word sequences joined by a space.
 * @example AMBIGUOUS_NAMES.get('apple')?.includes('ipod') // true
 */
export const AMBIGUOUS_NAMES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['apple', ['ipod', 'ipods', 'itunes', 'mac', 'macs', 'macintosh', 'imac', 'iphone', 'ipad', 'powerbook', 'macbook', 'software', 'computer', 'computers', 'laptop', 'laptops']],
  ['shell', ['oil', 'gas', 'petrol', 'refinery', 'refineries', 'crude', 'barrels', 'exploration', 'drilling', 'petroleum', 'lng', 'reserves', 'oilfield']],
  ['orange', ['mobile', 'mobiles', 'network', 'networks', 'operator', 'operators', 'handset', 'handsets', 'subscribers', 'telecom', 'broadband', '3g']],
  ['amazon', ['online', 'internet', 'website', 'books', 'retailer', 'ecommerce', 'kindle', 'web']],
  ['target', ['retailer', 'retailers', 'stores', 'discount', 'shoppers', 'walmart']],
  ['alphabet', ['google', 'youtube', 'waymo']],
  ['visa', ['mastercard', 'payments', 'payment', 'cardholders', 'debit']],
  ['gap', ['clothing', 'apparel', 'jeans', 'retailer', 'stores', 'fashion']],
  ['oracle', ['software', 'database', 'databases', 'peoplesoft', 'ellison', 'sap']],
  ['sky', ['satellite', 'broadcaster', 'bskyb', 'subscribers', 'murdoch', 'channels']],
  ['next', ['retailer', 'retailers', 'clothing', 'fashion', 'stores', 'shops', 'catalogue']],
  ['boots', ['chemist', 'chemists', 'pharmacy', 'pharmacies', 'retailer', 'stores', 'shops']],
  ['mars', ['chocolate', 'confectionery', 'snickers', 'confectioner']],
  ['virgin', ['branson', 'airline', 'atlantic', 'megastores']],
  ['jaguar', ['carmaker', 'cars', 'ford', 'car']],
  ['puma', ['sportswear', 'trainers', 'adidas', 'nike']],
  ['mercury', ['telecom', 'telecommunications', 'cable', 'phone']],
  ['delta', ['airline', 'airlines', 'flights', 'carrier']],
  ['continental', ['airline', 'airlines', 'flights', 'carrier', 'tyres', 'tires']],
  ['united', ['airline', 'airlines', 'flights', 'carrier']],
  ['american', ['airline', 'airlines', 'flights', 'carrier']],
  ['sun', ['microsystems', 'java', 'solaris', 'workstations', 'servers']],
  ['total', ['oil', 'refinery', 'petroleum', 'elf', 'crude', 'gas']],
  ['time', ['magazine', 'publisher', 'warner']],
  ['dove', ['soap', 'unilever']],
  ['square', ['payments', 'payment']],
  ['snap', ['snapchat']],
  ['box', ['storage', 'cloud']],
  ['zoom', ['video', 'conferencing']],
  ['three', ['mobile', 'network', 'operator', '3g', 'hutchison']],
  ['halifax', ['bank', 'mortgage', 'mortgages', 'hbos', 'lender']],
  ['kingfisher', ['retailer', 'diy', 'castorama']],
  ['standard', ['bank', 'chartered']],
  ['guardian', ['newspaper', 'insurance']],
  ['express', ['newspaper']],
  ['mirror', ['newspaper', 'tabloid']],
  ['times', ['newspaper']],
  ['corona', ['beer', 'brewer', 'modelo']],
  ['subway', ['sandwich', 'sandwiches', 'franchise']],
]);
