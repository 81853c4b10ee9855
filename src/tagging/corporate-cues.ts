/**
 * Word lists shared by the matcher, the evidence rule and the candidate finder. Folded, single
 * words. Defaults are exported constants so callers and tests can read them.
 */

/**
 * Legal-form words. A mention runs on over them (`Texaco Inc`), a directory name is also
 * matched without them (`Next plc` matches `Next`), and a name with one is never ambiguous.
 * @example LEGAL_SUFFIXES.has('plc') // true
 */
export const LEGAL_SUFFIXES: ReadonlySet<string> = new Set(
  `inc incorporated corp corporation co cos company ltd limited llc llp lp plc gmbh ag sa nv bv spa
se ab asa oy oyj kk pty pte sarl sas srl`.split(/\s+/),
);

/** Legal forms usually written in lower case (`Tesco plc`); the others count only capitalised. */
export const LOWER_CASE_SUFFIXES: ReadonlySet<string> = new Set(['plc']);

/**
 * Words that, near a capitalised common-word name in the same sentence, say it is a company
 * (`Shell said`, `shares in Orange`, `oil giant Shell`).
 * @example CORPORATE_CUES.has('said') // true
 */
export const CORPORATE_CUES: ReadonlySet<string> = new Set(
  `inc incorporated corp corporation co ltd limited llc plc gmbh ag sa nv group company companies
firm firms shares share shareholder shareholders stock stake ceo chief executive executives chairman
boss bosses founder spokesman spokeswoman spokesperson said says told announced announces reported
reports profit profits revenue revenues sales earnings results turnover acquired acquire acquisition
takeover merger bid deal rival rivals giant maker makers retailer brand subsidiary unit division
operator launched launches unveiled customers investors stores owner owned partner partners
agreement contract`.split(/\s+/),
);

/**
 * Words a capitalised multi-word name ends in when it is likely a company (`Acme Logistics`,
 * `Renault-Nissan Alliance`): the cue words of `findCandidates`.
 * @example CANDIDATE_CUES.has('alliance') // true
 */
export const CANDIDATE_CUES: ReadonlySet<string> = new Set(
  `inc incorporated corp corporation co company ltd limited llc llp plc gmbh ag sa nv bv spa se ab
asa oy oyj kk pty motors motor group alliance technologies technology systems holdings industries
logistics airlines airways bank bancorp bankshares partners capital ventures software networks
communications telecom telecommunications electronics pharmaceuticals pharma petroleum energy
enterprises international resources foods brewing breweries entertainment media insurance
securities investments financial semiconductor semiconductors solutions labs laboratories
manufacturing automotive chemicals mining steel shipping`.split(/\s+/),
);
