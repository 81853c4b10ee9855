import { describe, expect, it } from 'vitest';
import { texturize } from './wp-texturize.ts';

// Each expected string is what WordPress 6.1's own wptexturize() returned for the input (entities decoded).
describe('texturize, as wptexturize', () => {
  it.each([
    [`<p>France's "best" -- 1990s... and '99 too</p>`, '<p>France’s “best” — 1990s… and ’99 too</p>'],
    [`He said 'hello' - then left`, 'He said ‘hello’ – then left'],
    [`A 9' 6" man and 3x4 board`, 'A 9′ 6″ man and 3×4 board'],
    [`<code>don't 'touch'</code> but don't`, `<code>don't 'touch'</code> but don’t`],
    [`[caption id="a" align="x"]<img src="a.jpg" alt="it's" /> The "quay"[/caption]`, `[caption id="a" align="x"]<img src="a.jpg" alt="it's" /> The “quay”[/caption]`],
    [`"We are 'always available'," he said.`, '“We are ‘always available’,” he said.'],
    [`<p>The 'Big Four' firms' rivals -- and the '80s</p>`, '<p>The ‘Big Four’ firms’ rivals — and the ’80s</p>'],
    [`Profits rose 5% to "£1.2bn" ('a record')`, 'Profits rose 5% to “£1.2bn” (‘a record’)'],
    [`rock 'n' roll, 'tis the season, don't-stop`, 'rock ‘n’ roll, ’tis the season, don’t-stop'],
    [`"42" and '0.5' and 0x9999 and 1,000x2`, '“42” and ‘0.5’ and 0x9999 and 1,000×2'],
    [`a quote: “[Godzilla's] been working`, 'a quote: “[Godzilla’s] been working'],
  ])('%s', (input, expected) => {
    expect(texturize(input)).toBe(expected);
  });
});
