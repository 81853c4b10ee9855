/**
 * @module demo
 * The demo content `npm start` loads into a new default database: original articles written for
 * the project about a fictional transport-technology industry.
 */
export { seedDemo } from './seed-demo.ts';
