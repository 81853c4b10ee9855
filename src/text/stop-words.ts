/**
 * English stop words dropped from search and relatedness terms. A short list on purpose: trade
 * news is dense with short meaningful words ("EV", "5G", "toll"), and BM25's IDF already
 * discounts common words.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over own
said same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves s t mr mrs ms says say told`.split(/\s+/),
);
