// Masthead's ad rotation: each slot of a (possibly cached) page lists the creatives it may show
// with their weights; this picks one per slot per view and loads it. The image's URL counts the
// impression when it loads; the link goes through the click counter. No cookies, no storage.
// @ts-check

/**
 * @typedef {{ kind: 'image', weight: number, href: string, alt: string, width: number, height: number, src: string }
 *   | { kind: 'tag', weight: number, src: string }} AdChoice
 * A creative a slot may show (the server's `script.ad-choices` JSON).
 */

/**
 * One of `choices`, each as likely as its weight; `random` returns [0, 1).
 * @param {AdChoice[]} choices
 * @param {() => number} random
 * @returns {AdChoice | undefined}
 */
function pickWeighted(choices, random) {
  let total = 0;
  for (const c of choices) total += Math.max(Number(c.weight) || 0, 0);
  if (!(total > 0)) return undefined;
  let r = random() * total;
  for (const c of choices) {
    const w = Math.max(Number(c.weight) || 0, 0);
    if (r < w) return c;
    r -= w;
  }
  return choices[choices.length - 1];
}

if (typeof document !== 'undefined') {
  const random = () => (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) / 4294967296;
  for (const slot of document.querySelectorAll('[data-ad-slot]')) {
    if (!(slot instanceof HTMLElement)) continue;
    const data = slot.querySelector('script.ad-choices');
    let choice;
    try {
      choice = pickWeighted(JSON.parse(data ? data.textContent : '[]'), random);
    } catch {
      continue;
    }
    if (!choice) continue;
    if (choice.kind === 'image') {
      const link = document.createElement('a');
      link.href = choice.href;
      link.rel = 'sponsored noopener';
      const img = document.createElement('img');
      img.alt = choice.alt;
      img.width = choice.width;
      img.height = choice.height;
      img.decoding = 'async';
      // Counted when loaded: a slot far down the page counts when the reader gets near it.
      if (slot.dataset.adSlot !== 'leaderboard') img.loading = 'lazy';
      img.src = choice.src;
      link.append(img);
      slot.append(link);
    } else {
      // A third-party tag runs in its own document, sandboxed without same-origin: it cannot
      // touch the page, its cookies or its storage.
      const frame = document.createElement('iframe');
      frame.title = 'Advertisement';
      frame.setAttribute('sandbox', 'allow-scripts allow-popups allow-popups-to-escape-sandbox');
      frame.loading = 'lazy';
      frame.src = choice.src;
      slot.append(frame);
    }
    slot.hidden = false;
  }
}
