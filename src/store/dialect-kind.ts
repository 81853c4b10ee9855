/** The two database engines Masthead runs on. */
export type DialectKind = 'sqlite' | 'postgres';
