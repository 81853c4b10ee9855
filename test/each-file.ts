/**
 * Vitest set-up run before each test file. Workers run their files one after another on one
 * module graph (`isolate: false` in vitest.config.ts), so what a test helper numbers starts again
 * here, as it did when every file had modules of its own.
 */
import { restartArticleNumbers } from './support.ts';

restartArticleNumbers();
