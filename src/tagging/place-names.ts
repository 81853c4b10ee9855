/**
 * Names of places and days that clubs, teams and agencies share (`New York`, `Chicago`,
 * `Barcelona`, `Jordan`, Sheffield `Wednesday`): in news they name the place or the day far more
 * often than the organisation, so a directory name on this list needs evidence before it is tagged
 * (see rule 8 in `resolve-mentions.ts`). Folded, words joined by a space.
 * @example PLACE_NAMES.has('new york') // true
 */
export const PLACE_NAMES: ReadonlySet<string> = new Set(
  [
    // Days and months.
    'monday tuesday wednesday thursday friday saturday sunday',
    'january february march april may june july august september october november december',
    // Countries and regions.
    'afghanistan albania algeria america argentina armenia australia austria belgium bolivia bosnia brazil',
    'britain bulgaria cambodia canada chile china colombia croatia cuba cyprus denmark ecuador egypt england',
    'estonia ethiopia europe finland france georgia germany ghana greece holland hungary iceland india',
    'indonesia iran iraq ireland israel italy jamaica japan jordan kenya korea kuwait latvia lebanon libya',
    'lithuania luxembourg malaysia mexico moldova monaco morocco netherlands nigeria norway pakistan peru',
    'philippines poland portugal romania russia scotland serbia singapore slovakia slovenia somalia spain',
    'sudan sweden switzerland syria taiwan thailand tunisia turkey uganda ukraine uruguay venezuela vietnam',
    'wales yemen yugoslavia zaire zambia zimbabwe',
    // US states and Canadian provinces.
    'alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois',
    'indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi',
    'missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont',
    'virginia washington wisconsin wyoming ontario quebec alberta',
    // Cities.
    'amsterdam athens atlanta auckland baltimore bangkok barcelona beijing belgrade berlin birmingham bogota',
    'bombay bonn boston bremen brisbane brussels bucharest budapest cairo calgary canberra cardiff chicago',
    'cincinnati cleveland cologne copenhagen dallas denver detroit dublin dusseldorf edinburgh frankfurt',
    'geneva genoa glasgow hamburg helsinki houston istanbul jakarta jerusalem johannesburg karachi kiev',
    'lagos leeds leicester lisbon liverpool london lyon madrid manchester marseille melbourne miami milan',
    'milwaukee minneapolis montreal moscow munich nairobi naples nice oakland oslo ottawa oxford paris perth',
    'philadelphia phoenix pittsburgh prague rome rotterdam sacramento santiago sarajevo seattle seoul',
    'shanghai singapore sofia stockholm stuttgart sydney tokyo toronto turin vancouver vienna warsaw zagreb',
    'zurich cambridge',
  ]
    .join(' ')
    .split(' ')
    .concat([
      'new york', 'new jersey', 'new mexico', 'new england', 'new zealand', 'new south wales', 'north carolina',
      'south carolina', 'north dakota', 'south dakota', 'west virginia', 'rhode island', 'south africa',
      'los angeles', 'san francisco', 'san diego', 'san antonio', 'san jose', 'sao paulo', 'rio de janeiro',
      'buenos aires', 'hong kong', 'kansas city', 'st louis', 'new orleans', 'tel aviv', 'mexico city',
      'las vegas', 'salt lake city', 'tampa bay', 'wall street',
    ]),
);
